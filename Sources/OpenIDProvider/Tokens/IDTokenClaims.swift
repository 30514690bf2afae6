public import Foundation

/// The claims of an ID token (OIDC Core §2), audience the client.
public struct IDTokenClaims: Sendable, Hashable, Codable {
    /// The default lifetime: 5 minutes (the ID token is read once, at sign-in).
    public static let defaultLifetime: TimeInterval = 300

    public var iss: String
    public var sub: String
    public var aud: Audience
    public var exp: Int64
    public var iat: Int64
    public var auth_time: Int64
    public var nonce: String?
    public var acr: String
    public var amr: [String]
    public var sid: String?
    /// Authorized party; only needed when `aud` has more than one value (OIDC Core §2).
    public var azp: String?
    /// `preferred_username` with the `profile` scope.
    public var preferred_username: String?
    /// `name` with the `profile` scope.
    public var name: String?

    /// Claims for `clientID`, from a redeemed code's authentication.
    public init(
        issuer: String,
        clientID: String,
        event: AuthenticationEvent,
        nonce: String?,
        sessionID: String?,
        now: Date,
        lifetime: TimeInterval = defaultLifetime
    ) {
        let issuedAt = Int64(now.timeIntervalSince1970.rounded(.down))
        self.iss = issuer
        self.sub = event.subject
        // OIDC Core §2: aud contains the client_id; a single audience needs no azp
        self.aud = Audience([clientID])
        self.exp = issuedAt + Int64(lifetime)
        self.iat = issuedAt
        self.auth_time = event.authTimeSeconds
        self.nonce = nonce
        self.acr = event.acr.rawValue
        self.amr = event.amr
        self.sid = sessionID
        self.azp = nil
    }
}
