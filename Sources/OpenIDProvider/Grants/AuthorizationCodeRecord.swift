public import Foundation

/// What the database keeps for an authorization code: never the code, only its hash.
public struct AuthorizationCodeRecord: Sendable, Hashable, Codable {
    /// The code's lifetime: 60 seconds.
    public static let lifetime: TimeInterval = 60

    /// ``OpaqueToken/hash(_:)`` of the code (the lookup key).
    public var codeHash: String
    /// The client the code was issued to.
    public var clientID: String
    /// The redirect URI of the authorization request (RFC 6749 §4.1.3: must be repeated exactly).
    public var redirectURI: String
    /// The PKCE S256 challenge, if the request had one.
    public var codeChallenge: String?
    /// The authentication the tokens will describe (`sub`, `acr`, `amr`, `auth_time`).
    public var event: AuthenticationEvent
    /// The request's `nonce`, for the ID token.
    public var nonce: String?
    /// Granted scopes, space-separated.
    public var scope: String
    /// The provider session id (`sid`).
    public var sessionID: String
    /// Whether a refresh token is issued with the tokens.
    public var issuesRefreshToken: Bool
    /// The refresh-token family this code starts; revoked when the code is reused.
    public var familyID: String
    /// When the code stops being valid.
    public var expiresAt: Date
    /// Whether the code was already redeemed.
    public var isUsed: Bool

    /// Issues a code for a satisfied authorization request.
    ///
    /// - Returns: the code for the redirect and the record to store.
    public static func issue(
        for request: AuthorizationRequest,
        client: OAuthClient,
        event: AuthenticationEvent,
        sessionID: String,
        now: Date,
        using generator: inout some RandomNumberGenerator
    ) -> (code: String, record: AuthorizationCodeRecord) {
        let code = OpaqueToken.generate(using: &generator)
        let record = AuthorizationCodeRecord(
            codeHash: OpaqueToken.hash(code),
            clientID: request.clientID,
            redirectURI: request.redirectURI.value,
            codeChallenge: request.codeChallenge,
            event: event,
            nonce: request.nonce,
            scope: request.scope,
            sessionID: sessionID,
            issuesRefreshToken: request.grantsRefreshToken(to: client),
            familyID: OpaqueToken.generate(using: &generator),
            // RFC 6749 §4.1.2: a maximum lifetime of 10 minutes is recommended; ours is 60 s
            expiresAt: now.addingTimeInterval(lifetime),
            isUsed: false
        )
        return (code, record)
    }
}
