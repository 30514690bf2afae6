import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PassbankServer
import Storage
import Testing
import WebAuthn
import WebAuthnTestSupport

@Suite("OpenID provider: userinfo, revocation, logout, CORS")
struct OAuthEndpointTests {
    let flow = OAuthCodeFlowTests()

    /// Signs up, signs in through authorize and exchanges the code.
    static func tokens(_ browser: inout Browser) async throws -> OAuthFlow.Tokens {
        var authenticator = CeremonyEndpointTests.synced()
        var signUp = Browser(client: browser.client)
        #expect(try await signUp.signUp("ada", with: &authenticator).status == .created)
        let code = try await OAuthCodeFlowTests.signInForCode(&browser, authenticator: &authenticator)
        return try Browser.decode(OAuthFlow.Tokens.self, try await OAuthCodeFlowTests.exchange(browser, code: code))
    }

    static func refresh(_ browser: Browser, _ token: String?) async throws -> TestResponse {
        try await browser.form(
            "/oauth2/token",
            [("grant_type", "refresh_token"), ("refresh_token", token ?? ""), ("client_id", "passbank-web")]
        )
    }

    @Test("userinfo without a token asks for one; with a bad token says invalid_token (RFC 6750 §3)")
    func userInfoChallenges() async throws {
        try await flow.run { _, client in
            let missing = try await client.execute(uri: "/oauth2/userinfo", method: .get, headers: [:], body: nil)
            #expect(missing.status == .unauthorized)
            #expect(missing.headers[.wwwAuthenticate] == "Bearer realm=\"passbank\"")
            let bad = try await client.execute(
                uri: "/oauth2/userinfo",
                method: .get,
                headers: [.authorization: "Bearer not.a.token"],
                body: nil
            )
            #expect(bad.status == .unauthorized)
            #expect(bad.headers[.wwwAuthenticate]?.contains("error=\"invalid_token\"") == true)
        }
    }

    @Test("revoking a refresh token ends its family; unknown tokens still get 200 (RFC 7009 §2.2)")
    func revocation() async throws {
        try await flow.run { _, client in
            var browser = Browser(client: client)
            let tokens = try await Self.tokens(&browser)
            let unknown = try await browser.form("/oauth2/revoke", [("token", "nothing-like-a-token"), ("client_id", "passbank-web")])
            #expect(unknown.status == .ok)
            let revoked = try await browser.form(
                "/oauth2/revoke",
                [("token", try #require(tokens.refresh_token)), ("client_id", "passbank-web")]
            )
            #expect(revoked.status == .ok)
            #expect(try await Self.refresh(browser, tokens.refresh_token).status == .badRequest)
            let noClient = try await browser.form("/oauth2/revoke", [("token", "x"), ("client_id", "nobody")])
            #expect(noClient.status == .unauthorized)
        }
    }

    @Test("logout ends the session and its refresh tokens, and redirects only to a registered URI")
    func logout() async throws {
        try await flow.run { _, client in
            var browser = Browser(client: client)
            let tokens = try await Self.tokens(&browser)
            let foreign = try await browser.get(
                "/oauth2/logout?" + OAuthFlow.encode([("client_id", "passbank-web"), ("post_logout_redirect_uri", "https://evil.example/")])
            )
            #expect(foreign.status == .badRequest)
            #expect(foreign.headers[.location] == nil)
            let out = try await browser.get(
                "/oauth2/logout?"
                    + OAuthFlow.encode([
                        ("client_id", "passbank-web"), ("post_logout_redirect_uri", CeremonyHarness.origin + "/"), ("state", "bye"),
                        ("id_token_hint", try #require(tokens.id_token)),
                    ])
            )
            #expect(out.status == .seeOther)
            #expect(out.headers[.location] == CeremonyHarness.origin + "/?state=bye")
            #expect(try await Self.refresh(browser, tokens.refresh_token).status == .badRequest)
            let silent = try await browser.get(OAuthFlow.authorizePath([("prompt", "none")]))
            #expect(OAuthFlow.query(silent.headers[.location] ?? "")["error"] == "login_required")
        }
    }

    @Test("CORS: the token endpoint answers preflights and responses only for the client's web origin")
    func cors() async throws {
        try await flow.run { _, client in
            let allowed = try await client.execute(
                uri: "/oauth2/token",
                method: .options,
                headers: [.origin: CeremonyHarness.origin, .accessControlRequestMethod: "POST"],
                body: nil
            )
            #expect(allowed.headers[.accessControlAllowOrigin] == CeremonyHarness.origin)
            let foreign = try await client.execute(
                uri: "/oauth2/token",
                method: .options,
                headers: [.origin: "https://evil.example", .accessControlRequestMethod: "POST"],
                body: nil
            )
            #expect(foreign.headers[.accessControlAllowOrigin] == nil)
            let browser = Browser(client: client)
            var headers = OAuthFlow.formHeaders
            headers[.origin] = "https://evil.example"
            let response = try await browser.form(
                "/oauth2/token",
                [("grant_type", "authorization_code"), ("code", "x"), ("client_id", "passbank-web")],
                headers: headers
            )
            #expect(response.status == .badRequest)
            #expect(response.headers[.accessControlAllowOrigin] == nil)
            #expect(response.headers[.cacheControl] == "no-store")
        }
    }

    @Test("a ceremony for an unknown or expired authorization request is authorization-request-unknown")
    func unknownPendingRequest() async throws {
        try await flow.run { harness, client in
            var browser = Browser(client: client)
            let unknown = try await browser.post("/webauthn/authentication/options", json: ["request": "no-such-request"])
            #expect(unknown.status == .gone)
            #expect(String(buffer: unknown.body).contains("authorization-request-unknown"))
            let start = try await browser.get(OAuthFlow.authorizePath())
            let requestID = try OAuthFlow.item("request", in: start)
            harness.clock.advance(601)
            let expired = try await browser.post("/webauthn/authentication/options", json: ["request": requestID])
            #expect(expired.status == .gone)
            let resumed = try await browser.get("/oauth2/authorize?request_id=" + requestID)
            #expect(resumed.status == .badRequest)
            #expect(resumed.headers[.location] == nil)
        }
    }

    @Test("discovery names the configured issuer and the endpoints; JWKS publishes the signing key with its kid")
    func discovery() async throws {
        try await flow.run { harness, client in
            var browser = Browser(client: client)
            let discovery = try await browser.get("/.well-known/openid-configuration")
            let document = try JSONSerialization.jsonObject(with: Data(discovery.body.readableBytesView)) as? [String: Any]
            #expect(document?["token_endpoint"] as? String == CeremonyHarness.origin + "/oauth2/token")
            #expect(document?["authorization_response_iss_parameter_supported"] as? Bool == true)
            let jwks = try await browser.get("/oauth2/jwks")
            let set = try JSONSerialization.jsonObject(with: Data(jwks.body.readableBytesView)) as? [String: Any]
            let keys = try #require(set?["keys"] as? [[String: Any]])
            // OIDC Core §15.1: RS256 is published beside the default ES256; no private parts.
            #expect(Set(keys.compactMap { $0["alg"] as? String }) == ["ES256", "RS256"])
            #expect(Set(keys.compactMap { $0["kid"] as? String }) == Set(try harness.database.signingKeys().map(\.kid)))
            #expect(keys.allSatisfy { $0["d"] == nil && $0["p"] == nil })
        }
    }
}
