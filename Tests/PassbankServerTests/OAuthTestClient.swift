import Crypto
import FIDOMetadata
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import PassbankServer
import Storage
import Testing
import WebAuthn
import WebAuthnTestSupport

/// Helpers for driving the OpenID provider like the web client does.
enum OAuthFlow {
    static let redirectURI = CeremonyHarness.origin + "/app/callback/"
    static let verifier = "dBjftJeZ4CVP-mJ92K27uhbUJU1p1r_wW1gFWFOEjXk"

    static var challenge: String { base64URL(Array(SHA256.hash(data: Data(verifier.utf8)))) }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func encode(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return pairs.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
    }

    static func authorizePath(
        _ extra: [(String, String)] = [],
        pkce: Bool = true,
        clientID: String = "passbank-web",
        redirect: String = redirectURI,
        scope: String = "openid profile offline_access"
    )
        -> String
    {
        var pairs = [
            ("response_type", "code"), ("client_id", clientID), ("redirect_uri", redirect), ("scope", scope),
            ("state", "s-123"), ("nonce", "n-456"),
        ]
        if pkce { pairs += [("code_challenge", challenge), ("code_challenge_method", "S256")] }
        return "/oauth2/authorize?" + encode(pairs + extra)
    }

    /// The query items of a Location header.
    static func query(_ location: String) -> [String: String] {
        guard let components = URLComponents(string: location) else { return [:] }
        return Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
    }

    struct MissingItem: Error {}

    /// One query item of a response's Location header.
    static func item(_ name: String, in response: TestResponse) throws -> String {
        guard let location = response.headers[.location], let value = query(location)[name] else { throw MissingItem() }
        return value
    }

    static let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .origin: CeremonyHarness.origin]

    struct Tokens: Decodable {
        var access_token: String
        var token_type: String
        var expires_in: Int
        var id_token: String?
        var refresh_token: String?
        var scope: String
    }

    struct ErrorBody: Decodable {
        var error: String
    }

    struct Claims: JWTPayload {
        var iss: String
        var sub: String
        var aud: Audience
        var exp: Int64
        var iat: Int64
        var auth_time: Int64
        var acr: String
        var amr: [String]
        var nonce: String?
        var client_id: String?
        var jti: String?
        var scope: String?
        var preferred_username: String?

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    struct Audience: Codable, Sendable, Equatable {
        var values: [String]
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let many = try? container.decode([String].self) {
                values = many
            } else {
                values = [try container.decode(String.self)]
            }
        }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(values)
        }
    }

    /// Verifies a token's signature against the published JWKS and returns its claims and `typ`.
    static func verify(_ token: String, jwks: String) async throws -> (claims: Claims, type: String?) {
        let keys = JWTKeyCollection()
        try await keys.add(jwksJSON: jwks)
        let claims = try await keys.verify(token, as: Claims.self)
        let header = try #require(token.split(separator: ".").first)
        var padded = String(header).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while padded.count % 4 != 0 { padded += "=" }
        let json = try JSONSerialization.jsonObject(with: try #require(Data(base64Encoded: padded))) as? [String: Any]
        return (claims, json?["typ"] as? String)
    }

    /// A device-bound security key whose AAGUID an operator anchor vouches for (phrh).
    struct SecurityKey: Sendable {
        var authenticator: SoftwareAuthenticator
        let authority: AttestationAuthority
        let anchor: OperatorTrustAnchor

        init(seed: UInt64, now: Date) throws {
            let aaguid = (0..<16).map { UInt8(truncatingIfNeeded: Int($0) &+ Int(seed) &* 17) }
            authority = try AttestationAuthority(
                certifiedAAGUID: aaguid,
                notBefore: now.addingTimeInterval(-86_400),
                notAfter: now.addingTimeInterval(365 * 86_400)
            )
            authenticator = SoftwareAuthenticator(aaguid: aaguid, userVerifying: true, backupEligible: false, seed: seed)
            anchor = OperatorTrustAnchor(
                name: "test key \(seed)",
                aaguids: [try #require(AAGUID(bytes: aaguid))],
                roots: [authority.root],
                certificationLevel: .l1,
                keyProtection: ["hardware"],
                isTest: true
            )
        }
    }
}

extension Browser {
    /// A GET with the session cookie, keeping a new one.
    mutating func get(_ path: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        var headers = headers
        if let cookie { headers[.cookie] = cookie }
        let response = try await client.execute(uri: path, method: .get, headers: headers, body: nil)
        if let setCookie = response.headers[.setCookie], let pair = setCookie.split(separator: ";").first {
            cookie = String(pair)
        }
        return response
    }

    /// A form POST (no cookie: the token endpoint is not a browser page).
    func form(_ path: String, _ pairs: [(String, String)], headers: HTTPFields = OAuthFlow.formHeaders) async throws -> TestResponse {
        try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: OAuthFlow.encode(pairs)))
    }

    /// Sign-in or step-up for a pending request: options with `request`, `get()`, verify.
    mutating func ceremony(
        request id: String,
        username: String? = nil,
        with authenticator: inout SoftwareAuthenticator
    ) async throws -> TestResponse {
        var body = ["request": id]
        if let username { body["username"] = username }
        let options = try await post("/webauthn/authentication/options", json: body)
        guard options.status == .ok else { return options }
        let parsed = try Self.decode(Options<PublicKeyCredentialRequestOptionsJSON>.self, options)
        let credential = try authenticator.getAssertion(options: parsed.publicKey, origin: CeremonyHarness.origin)
        return try await post("/webauthn/authentication/verify", json: Verify(ceremonyId: parsed.ceremonyId, credential: credential))
    }

    /// A signed-in person adds a passkey (a security key with packed attestation).
    mutating func addSecurityKey(_ key: inout OAuthFlow.SecurityKey) async throws -> TestResponse {
        let options = try await post("/webauthn/registration/options", json: ["authenticator": "security-key"])
        #expect(options.status == .ok)
        let parsed = try Self.decode(Options<PublicKeyCredentialCreationOptionsJSON>.self, options)
        let credential = try key.authenticator.makeCredential(
            options: parsed.publicKey,
            origin: CeremonyHarness.origin,
            attestation: .packed(key.authority)
        )
        return try await post("/webauthn/registration/verify", json: Verify(ceremonyId: parsed.ceremonyId, credential: credential))
    }
}
