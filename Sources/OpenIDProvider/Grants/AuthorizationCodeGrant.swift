public import Foundation

/// The `authorization_code` grant (RFC 6749 §4.1.3, RFC 7636 §4.6), as a pure decision.
public enum AuthorizationCodeGrant {
    /// Decides a code exchange.
    ///
    /// - Parameters:
    ///   - record: The record found by ``OpaqueToken/hash(_:)`` of `code`, or `nil`.
    ///   - code: The presented `code`.
    ///   - client: The authenticated client.
    ///   - redirectURI: The presented `redirect_uri`.
    ///   - codeVerifier: The presented `code_verifier`.
    ///   - now: The current time.
    /// - Returns: `.granted(record)` (mark it used atomically, then mint tokens), or `invalid_grant`;
    ///   a reused code also names the refresh-token family to revoke.
    public static func decide(
        record: AuthorizationCodeRecord?,
        code: String,
        client: OAuthClient,
        redirectURI: String?,
        codeVerifier: String?,
        now: Date
    ) -> GrantDecision<AuthorizationCodeRecord> {
        guard let record, ConstantTime.equals(Array(OpaqueToken.hash(code).utf8), Array(record.codeHash.utf8)) else {
            return .refused(.invalidGrant("The authorization code is invalid."), revokeFamily: nil)
        }
        // RFC 6749 §4.1.2: a code used twice is refused and what it issued is revoked
        if record.isUsed {
            return .refused(.invalidGrant("The authorization code was already used."), revokeFamily: record.familyID)
        }
        // RFC 6749 §4.1.3: the code was issued to this client
        guard record.clientID == client.id else {
            return .refused(.invalidGrant("The authorization code was issued to another client."), revokeFamily: nil)
        }
        // RFC 6749 §4.1.2: codes are short-lived
        guard now < record.expiresAt else {
            return .refused(.invalidGrant("The authorization code has expired."), revokeFamily: nil)
        }
        // RFC 6749 §4.1.3: redirect_uri must be identical to the authorization request's
        guard redirectURI == record.redirectURI else {
            return .refused(.invalidGrant("The redirect_uri does not match the authorization request."), revokeFamily: nil)
        }
        if let challenge = record.codeChallenge {
            // RFC 7636 §4.6: the verifier must hash to the stored challenge
            guard let codeVerifier, PKCE.verify(verifier: codeVerifier, challenge: challenge) else {
                return .refused(.invalidGrant("The code_verifier does not match the code_challenge."), revokeFamily: nil)
            }
        } else if codeVerifier != nil || client.isPublic {
            // RFC 9700 §2.1.1: a verifier without a challenge is a PKCE downgrade attempt
            return .refused(.invalidGrant("The authorization request had no code_challenge."), revokeFamily: nil)
        }
        return .granted(record)
    }
}
