public import Foundation

/// The claims of a JWT access token (RFC 9068 §2.2), signed with header `typ: at+jwt`.
public struct AccessTokenClaims: Sendable, Hashable, Codable {
    /// The audience of every access token: the banking API.
    public static let bankingAPIAudience = "passbank-api"
    /// The default lifetime: 5 minutes.
    public static let defaultLifetime: TimeInterval = 300

    public var iss: String
    public var sub: String
    /// The audience (RFC 9068 §2.2); encoded as a string when single.
    public var aud: Audience
    public var client_id: String
    public var iat: Int64
    public var exp: Int64
    /// Not before; never minted, checked when present.
    public var nbf: Int64?
    public var jti: String
    public var scope: String
    public var acr: String
    public var amr: [String]
    public var auth_time: Int64
    public var sid: String?
    /// The grant (token family) the token was issued under: the resource server refuses the token as
    /// soon as the grant is revoked (sign-out, a removed passkey, a reused code or refresh token).
    public var grant_id: String?

    /// Claims for a token issued to `clientID` for the authentication `event` under the grant `grantID`.
    public init(
        issuer: String,
        clientID: String,
        event: AuthenticationEvent,
        scope: String,
        sessionID: String?,
        grantID: String,
        now: Date,
        lifetime: TimeInterval = defaultLifetime,
        using generator: inout some RandomNumberGenerator
    ) {
        let issuedAt = Int64(now.timeIntervalSince1970.rounded(.down))
        self.iss = issuer
        self.sub = event.subject
        self.aud = Audience([Self.bankingAPIAudience])
        self.client_id = clientID
        self.iat = issuedAt
        self.exp = issuedAt + Int64(lifetime)
        self.nbf = nil
        self.jti = OpaqueToken.generate(using: &generator)
        self.scope = scope
        self.acr = event.acr.rawValue
        self.amr = event.amr
        self.auth_time = event.authTimeSeconds
        self.sid = sessionID
        self.grant_id = grantID
    }

    /// The `acr` as a known level, `nil` for a value this provider does not issue.
    public var authenticationContextClass: AuthenticationContextClass? { AuthenticationContextClass(rawValue: acr) }
}

/// A JWT `aud` claim: one string or an array of strings (RFC 7519 §4.1.3).
public struct Audience: Sendable, Hashable, Codable {
    /// The audience values.
    public var values: [String]

    /// Creates an audience.
    public init(_ values: [String]) {
        self.values = values
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let single = try? container.decode(String.self) {
            values = [single]
        } else {
            values = try container.decode([String].self)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if values.count == 1 { try container.encode(values[0]) } else { try container.encode(values) }
    }
}
