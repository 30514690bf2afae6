public import Foundation

/// What the database keeps for a refresh token: its hash, its family and what it carries.
///
/// Every rotation issues a child in the same family with the same absolute expiry; `acr`, `amr`
/// and `auth_time` are carried unchanged, since refreshing is not authenticating.
public struct RefreshTokenRecord: Sendable, Hashable, Codable {
    /// The default absolute lifetime of a family: 8 hours from the code exchange.
    public static let defaultAbsoluteLifetime: TimeInterval = 8 * 3600

    /// ``OpaqueToken/hash(_:)`` of the token (the lookup key).
    public var tokenHash: String
    /// The family: every token rotated from the same code exchange.
    public var familyID: String
    /// The hash of the token this one replaced, `nil` for the first.
    public var parentHash: String?
    /// The client the token was issued to.
    public var clientID: String
    /// The authentication it carries (`sub`, `acr`, `amr`, `auth_time`).
    public var event: AuthenticationEvent
    /// Granted scopes, space-separated.
    public var scope: String
    /// The provider session id (`sid`).
    public var sessionID: String
    /// When the whole family stops being valid.
    public var absoluteExpiresAt: Date
    /// Whether the token was already exchanged.
    public var isUsed: Bool

    /// Starts a family after a successful code exchange.
    ///
    /// - Returns: the refresh token for the response and the record to store.
    public static func issueFirst(
        from code: AuthorizationCodeRecord,
        now: Date,
        absoluteLifetime: TimeInterval = defaultAbsoluteLifetime,
        using generator: inout some RandomNumberGenerator
    ) -> (token: String, record: RefreshTokenRecord) {
        let token = OpaqueToken.generate(using: &generator)
        let record = RefreshTokenRecord(
            tokenHash: OpaqueToken.hash(token),
            familyID: code.familyID,
            parentHash: nil,
            clientID: code.clientID,
            event: code.event,
            scope: code.scope,
            sessionID: code.sessionID,
            absoluteExpiresAt: now.addingTimeInterval(absoluteLifetime),
            isUsed: false
        )
        return (token, record)
    }

    /// The rotated successor: same family, expiry and authentication; `scope` possibly narrowed.
    public func rotated(scope: String, using generator: inout some RandomNumberGenerator) -> (token: String, record: RefreshTokenRecord) {
        let token = OpaqueToken.generate(using: &generator)
        var child = self
        child.tokenHash = OpaqueToken.hash(token)
        child.parentHash = tokenHash
        child.scope = scope
        child.isUsed = false
        return (token, child)
    }
}
