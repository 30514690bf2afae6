public import Foundation

/// The `refresh_token` grant with rotation (RFC 6749 §6, RFC 9700 §4.14.2), as a pure decision.
public enum RefreshTokenGrant {
    /// A granted refresh: the rotated token for the response, and the records to write.
    public struct Rotation: Sendable, Hashable {
        /// The presented record, now to be marked used (atomically, with a compare-and-set on `isUsed`).
        public var used: RefreshTokenRecord
        /// The new refresh token, for the response only.
        public var newToken: String
        /// The new record to store.
        public var newRecord: RefreshTokenRecord
    }

    /// Decides a refresh.
    ///
    /// - Parameters:
    ///   - record: The record found by ``OpaqueToken/hash(_:)`` of `token`, or `nil`.
    ///   - token: The presented `refresh_token`.
    ///   - familyRevoked: Whether the record's family was revoked (logout, reuse, revocation).
    ///   - client: The authenticated client.
    ///   - scope: The presented `scope`, if any: it may only narrow the original (RFC 6749 §6).
    ///   - now: The current time.
    /// - Returns: the rotation, `invalid_grant` (a reused token also names its family to revoke),
    ///   or `invalid_scope`.
    public static func decide(
        record: RefreshTokenRecord?,
        token: String,
        familyRevoked: Bool,
        client: OAuthClient,
        scope: String?,
        now: Date,
        using generator: inout some RandomNumberGenerator
    ) -> GrantDecision<Rotation> {
        guard let record, ConstantTime.equals(Array(OpaqueToken.hash(token).utf8), Array(record.tokenHash.utf8)) else {
            return .refused(.invalidGrant("The refresh token is invalid."), revokeFamily: nil)
        }
        // RFC 6749 §6: the token was issued to this client
        guard record.clientID == client.id, client.grantTypes.contains(GrantType.refreshToken) else {
            return .refused(.invalidGrant("The refresh token was issued to another client."), revokeFamily: nil)
        }
        guard !familyRevoked else {
            return .refused(.invalidGrant("The refresh token was revoked."), revokeFamily: nil)
        }
        // RFC 9700 §4.14.2: a rotated token presented again means one copy was stolen: revoke the family
        if record.isUsed {
            return .refused(.invalidGrant("The refresh token was already used."), revokeFamily: record.familyID)
        }
        // RFC 9700 §4.14.2: refresh tokens have an absolute lifetime
        guard now < record.absoluteExpiresAt else {
            return .refused(.invalidGrant("The refresh token has expired."), revokeFamily: nil)
        }
        let original = record.scope.split(separator: " ").map(String.init)
        var granted = original
        if let scope {
            // RFC 6749 §6: the requested scope must not include any scope not originally granted
            let requested = scope.split(separator: " ").map(String.init)
            guard !requested.isEmpty, requested.allSatisfy(original.contains) else {
                return .refused(.invalidScope("The scope exceeds what was originally granted."), revokeFamily: nil)
            }
            granted = original.filter(requested.contains)
        }
        var used = record
        used.isUsed = true
        let (newToken, newRecord) = record.rotated(scope: granted.joined(separator: " "), using: &generator)
        return .granted(Rotation(used: used, newToken: newToken, newRecord: newRecord))
    }
}
