import Foundation
import OpenIDProvider

/// A deterministic generator (SplitMix64) so tests never depend on system randomness.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64 = 0x5EED) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Shared values for the provider tests.
enum Fixtures {
    static let issuer = "https://bank.example"
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    static let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    static let webRedirect = "https://bank.example/app/callback/"

    static let confidential = OAuthClient(
        id: "partner",
        authentication: .clientSecretBasic(ClientSecret(secret: "s3cret-value")),
        redirectURIs: ["https://partner.example/cb?tenant=1"]
    )
    static let native = OAuthClient(
        id: "passbank-ios",
        authentication: .none,
        applicationType: .native,
        redirectURIs: ["http://127.0.0.1/callback", "http://[::1]/callback", "com.passbank.app:/oauth2redirect", "https://bank.example/native/cb"]
    )
    static let clients = ClientRegistry.standard(origin: issuer, extraClients: [confidential, native])
    /// The bank's own web client: first-party, every scope.
    static let web = clients.client(id: ClientRegistry.webClientID)!

    static func event(
        _ subject: String = "user-1",
        acr: AuthenticationContextClass = .phr,
        secondsAgo: TimeInterval = 10
    ) -> AuthenticationEvent {
        AuthenticationEvent(
            subject: subject,
            credentialID: "cred-\(subject)",
            acr: acr,
            amr: acr == .pwd ? ["pwd"] : ["hwk", "user", "mfa"],
            authTime: now.addingTimeInterval(-secondsAgo)
        )
    }

    /// The query of a valid web-client request, with `changes` applied (`nil` removes a parameter).
    static func query(_ changes: [String: String?] = [:], extra: [(String, String)] = []) -> RequestParameters {
        var base: [(String, String)] = [
            ("response_type", "code"),
            ("client_id", "passbank-web"),
            ("redirect_uri", webRedirect),
            ("scope", "openid profile"),
            ("state", "st-123"),
            ("nonce", "n-456"),
            ("code_challenge", challenge),
            ("code_challenge_method", "S256"),
        ]
        for (name, value) in changes {
            if let index = base.firstIndex(where: { $0.0 == name }) {
                if let value { base[index].1 = value } else { base.remove(at: index) }
            } else if let value {
                base.append((name, value))
            }
        }
        return try! RequestParameters(pairs: (base + extra).map { (name: $0.0, value: $0.1) })
    }

    static func validRequest(_ changes: [String: String?] = [:]) throws -> AuthorizationRequest {
        guard case .valid(let request) = AuthorizationRequest.validate(query(changes), clients: clients) else {
            throw OAuthError.serverError
        }
        return request
    }
}
