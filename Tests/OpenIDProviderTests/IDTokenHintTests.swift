import Foundation
import OpenIDProvider
import Testing

/// `id_token_hint` (OpenID Connect RP-Initiated Logout 1.0 §2): only an ID token this provider signed,
/// for a client it knows; an expired one still counts.
@Suite("ID token hints for logout")
struct IDTokenHintTests {
    static func idToken(_ signer: TokenSigner, clientID: String = "passbank-web", issuer: String = Fixtures.issuer) async throws -> String {
        try await signer.sign(
            IDTokenClaims(issuer: issuer, clientID: clientID, event: Fixtures.event(), nonce: "n", sessionID: "sid-1", now: Fixtures.now),
            now: Fixtures.now
        )
    }

    @Test("a hint this provider signed verifies, also long after it expired; its sub and sid come back")
    func accepted() async throws {
        let signer = try await TokenSignerTests.signer(try TokenSignerTests.ecKey(seed: 1))
        let hint = try await Self.idToken(signer)
        let delays: [TimeInterval] = [0, 3600, 30 * 86_400]
        for later in delays {
            let claims = try await signer.verifyIDTokenHint(
                hint,
                clients: Fixtures.clients,
                clientID: "passbank-web",
                now: Fixtures.now.addingTimeInterval(later)
            )
            #expect(claims.sub == "user-1" && claims.sid == "sid-1")
        }
        _ = try await signer.verifyIDTokenHint(hint, clients: Fixtures.clients, clientID: nil, now: Fixtures.now)
    }

    @Test("refused: another client named, unknown audience, other issuer, other key, access token, future iat, garbage")
    func refused() async throws {
        let signer = try await TokenSignerTests.signer(try TokenSignerTests.ecKey(seed: 1))
        let stranger = try await TokenSignerTests.signer(try TokenSignerTests.ecKey(seed: 2))
        let hint = try await Self.idToken(signer)
        let parts = hint.split(separator: ".").map(String.init)
        let cases: [(String, String, String?, Date)] = [
            ("client_id names another client", hint, "partner", Fixtures.now),
            ("audience is no client", try await Self.idToken(signer, clientID: "somebody"), nil, Fixtures.now),
            ("another issuer", try await Self.idToken(signer, issuer: "https://evil.example"), nil, Fixtures.now),
            ("a key this provider does not hold", try await Self.idToken(stranger), nil, Fixtures.now),
            ("an access token", try await signer.sign(TokenSignerTests.claims(), now: Fixtures.now), nil, Fixtures.now),
            ("issued in the future", hint, nil, Fixtures.now.addingTimeInterval(-600)),
            ("alg none", TokenSignerTests.encode(Data(#"{"alg":"none","typ":"JWT"}"#.utf8)) + "." + parts[1] + ".", nil, Fixtures.now),
            ("a broken signature", parts[0] + "." + parts[1] + "." + String(parts[2].reversed()), nil, Fixtures.now),
            ("not a JWT", "hello", nil, Fixtures.now),
            ("too long", String(repeating: "a", count: 9000), nil, Fixtures.now),
        ]
        for (label, token, clientID, now) in cases {
            await #expect(throws: OAuthError.invalidRequest(""), "\(label)") {
                try await signer.verifyIDTokenHint(token, clients: Fixtures.clients, clientID: clientID, now: now)
            }
        }
    }
}
