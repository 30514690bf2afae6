import FIDOMetadata
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PassbankServer
import Storage
import Testing
import WebAuthn
import WebAuthnTestSupport

@Suite("OpenID provider: code flow")
struct OAuthCodeFlowTests {
    func run(
        anchors: [OperatorTrustAnchor] = [],
        _ body: @escaping @Sendable (CeremonyHarness, any TestClientProtocol) async throws -> Void
    ) async throws {
        let harness = try CeremonyHarness()
        defer { harness.site.remove() }
        var configuration = harness.site.configuration()
        configuration.operatorAnchors = OperatorTrustAnchors(anchors: anchors)
        configuration.newKeyHold = .zero
        let clock = harness.clock
        let router = PassbankApplication.makeRouter(
            configuration: configuration,
            database: harness.database,
            logger: .test,
            now: { clock.now }
        )
        try await Application(router: router).test(.router) { client in try await body(harness, client) }
    }

    /// authorize -> sign-in page -> ceremony with `request` -> authorize -> code.
    static func signInForCode(_ browser: inout Browser, authenticator: inout SoftwareAuthenticator) async throws -> String {
        let start = try await browser.get(OAuthFlow.authorizePath())
        #expect(start.status == .seeOther)
        let signIn = try #require(start.headers[.location])
        #expect(signIn.hasPrefix("/signin/?request="))
        let requestID = try #require(OAuthFlow.query(signIn)["request"])
        let verify = try await browser.ceremony(request: requestID, with: &authenticator)
        #expect(verify.status == .ok)
        let redirect = try #require(try Browser.decode(CeremonyEndpointTests.SignedIn.self, verify).redirect)
        #expect(redirect == "/oauth2/authorize?request_id=" + requestID)
        let resumed = try await browser.get(redirect)
        #expect(resumed.status == .seeOther)
        let location = try #require(resumed.headers[.location])
        #expect(location.hasPrefix(OAuthFlow.redirectURI + "?"))
        let query = OAuthFlow.query(location)
        #expect(query["state"] == "s-123")
        #expect(query["iss"] == CeremonyHarness.origin)
        return try #require(query["code"])
    }

    static func exchange(_ browser: Browser, code: String, verifier: String = OAuthFlow.verifier) async throws -> TestResponse {
        try await browser.form(
            "/oauth2/token",
            [
                ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", OAuthFlow.redirectURI), ("client_id", "passbank-web"),
                ("code_verifier", verifier),
            ]
        )
    }

    @Test("code flow with PKCE: tokens signed with a published key, carrying acr, amr, auth_time and nonce; userinfo; refresh keeps acr")
    func codeFlow() async throws {
        try await run { harness, client in
            var authenticator = CeremonyEndpointTests.synced()
            var signUp = Browser(client: client)
            #expect(try await signUp.signUp("ada", with: &authenticator).status == .created)
            let user = try #require(try harness.database.user(username: "ada"))

            var browser = Browser(client: client)
            let code = try await Self.signInForCode(&browser, authenticator: &authenticator)
            let response = try await Self.exchange(browser, code: code)
            #expect(response.status == .ok)
            #expect(response.headers[.cacheControl] == "no-store")
            #expect(response.headers[.accessControlAllowOrigin] == CeremonyHarness.origin)
            let tokens = try Browser.decode(OAuthFlow.Tokens.self, response)
            #expect(tokens.token_type == "Bearer")

            let discovery = try await browser.get("/.well-known/openid-configuration")
            #expect(discovery.status == .ok)
            let document = try JSONSerialization.jsonObject(with: Data(discovery.body.readableBytesView)) as? [String: Any]
            #expect(document?["issuer"] as? String == CeremonyHarness.origin)
            let jwks = String(buffer: try await browser.get("/oauth2/jwks").body)

            let access = try await OAuthFlow.verify(tokens.access_token, jwks: jwks)
            // RFC 9068 §2.1: typ at+jwt; §2.2: iss, exp, aud, sub, client_id, iat, jti
            #expect(access.type == "at+jwt")
            #expect(access.claims.iss == CeremonyHarness.origin)
            #expect(access.claims.aud.values == ["passbank-api"])
            #expect(access.claims.sub == user.id)
            #expect(access.claims.client_id == "passbank-web")
            #expect(access.claims.jti?.isEmpty == false)
            #expect(access.claims.acr == "phr")
            #expect(access.claims.amr == ["swk", "user", "mfa"])
            #expect(access.claims.auth_time == Int64(harness.clock.now.timeIntervalSince1970))

            let identity = try await OAuthFlow.verify(try #require(tokens.id_token), jwks: jwks)
            #expect(identity.claims.aud.values == ["passbank-web"])
            #expect(identity.claims.nonce == "n-456")
            #expect(identity.claims.acr == "phr")
            #expect(identity.claims.preferred_username == "ada")

            let userInfo = try await client.execute(
                uri: "/oauth2/userinfo",
                method: .get,
                headers: [.authorization: "Bearer \(tokens.access_token)"],
                body: nil
            )
            #expect(userInfo.status == .ok)
            #expect(String(buffer: userInfo.body).contains("\"preferred_username\":\"ada\""))

            harness.clock.advance(60)
            let refreshed = try await browser.form(
                "/oauth2/token",
                [("grant_type", "refresh_token"), ("refresh_token", try #require(tokens.refresh_token)), ("client_id", "passbank-web")]
            )
            #expect(refreshed.status == .ok)
            let rotated = try Browser.decode(OAuthFlow.Tokens.self, refreshed)
            #expect(rotated.refresh_token != tokens.refresh_token)
            let refreshedAccess = try await OAuthFlow.verify(rotated.access_token, jwks: jwks)
            #expect(refreshedAccess.claims.acr == "phr")
            #expect(refreshedAccess.claims.auth_time == access.claims.auth_time)

            // RFC 9700 §4.14.2: the rotated-away token presented again revokes the family.
            let reused = try await browser.form(
                "/oauth2/token",
                [("grant_type", "refresh_token"), ("refresh_token", try #require(tokens.refresh_token)), ("client_id", "passbank-web")]
            )
            #expect(reused.status == .badRequest)
            #expect(try Browser.decode(OAuthFlow.ErrorBody.self, reused).error == "invalid_grant")
            let afterReuse = try await browser.form(
                "/oauth2/token",
                [("grant_type", "refresh_token"), ("refresh_token", try #require(rotated.refresh_token)), ("client_id", "passbank-web")]
            )
            #expect(afterReuse.status == .badRequest)
        }
    }

    @Test("a code presented twice fails and revokes the refresh tokens it issued")
    func codeReuse() async throws {
        try await run { _, client in
            var authenticator = CeremonyEndpointTests.synced()
            var signUp = Browser(client: client)
            #expect(try await signUp.signUp("ada", with: &authenticator).status == .created)
            var browser = Browser(client: client)
            let code = try await Self.signInForCode(&browser, authenticator: &authenticator)
            let first = try await Self.exchange(browser, code: code)
            #expect(first.status == .ok)
            let tokens = try Browser.decode(OAuthFlow.Tokens.self, first)
            let second = try await Self.exchange(browser, code: code)
            #expect(second.status == .badRequest)
            #expect(try Browser.decode(OAuthFlow.ErrorBody.self, second).error == "invalid_grant")
            let refresh = try await browser.form(
                "/oauth2/token",
                [("grant_type", "refresh_token"), ("refresh_token", try #require(tokens.refresh_token)), ("client_id", "passbank-web")]
            )
            #expect(refresh.status == .badRequest)
            #expect(try Browser.decode(OAuthFlow.ErrorBody.self, refresh).error == "invalid_grant")
        }
    }

    @Test("a signed-in person at phr steps up with a security key and gets a phrh code")
    func stepUp() async throws {
        let now = TestClock().now
        let securityKey = try OAuthFlow.SecurityKey(seed: 7, now: now)
        try await run(anchors: [securityKey.anchor]) { harness, client in
            var key = securityKey
            var synced = CeremonyEndpointTests.synced()
            var browser = Browser(client: client)
            #expect(try await browser.signUp("ada", with: &synced).status == .created)
            let added = try await browser.addSecurityKey(&key)
            #expect(added.status == .created)
            #expect(String(buffer: added.body).contains("\"assurance\":\"phrh\""))

            let start = try await browser.get(OAuthFlow.authorizePath([("acr_values", "phrh"), ("max_age", "300")]))
            let location = try #require(start.headers[.location])
            #expect(location.hasPrefix("/step-up/?request="))
            let requestID = try #require(OAuthFlow.query(location)["request"])
            let options = try await browser.post("/webauthn/authentication/options", json: ["request": requestID])
            let parsed = try Browser.decode(Browser.Options<PublicKeyCredentialRequestOptionsJSON>.self, options)
            #expect(parsed.publicKey.userVerification == "required")
            #expect(parsed.publicKey.hints == ["security-key"])
            #expect(parsed.publicKey.allowCredentials.count == 1)
            let verify = try await browser.ceremony(request: requestID, with: &key.authenticator)
            #expect(verify.status == .ok)
            let resumed = try await browser.get("/oauth2/authorize?request_id=" + requestID)
            let code = try OAuthFlow.item("code", in: resumed)
            let tokens = try Browser.decode(OAuthFlow.Tokens.self, try await Self.exchange(browser, code: code))
            let jwks = String(buffer: try await browser.get("/oauth2/jwks").body)
            let access = try await OAuthFlow.verify(tokens.access_token, jwks: jwks)
            #expect(access.claims.acr == "phrh")
            #expect(access.claims.amr.contains("hwk"))
            _ = harness
        }
    }

    @Test("a step-up counts only for max_age: the same request after max_age is sent to step up again")
    func stepUpExpires() async throws {
        let now = TestClock().now
        let securityKey = try OAuthFlow.SecurityKey(seed: 8, now: now)
        try await run(anchors: [securityKey.anchor]) { harness, client in
            var key = securityKey
            var synced = CeremonyEndpointTests.synced()
            var browser = Browser(client: client)
            #expect(try await browser.signUp("ada", with: &synced).status == .created)
            #expect(try await browser.addSecurityKey(&key).status == .created)
            let stepUp = OAuthFlow.authorizePath([("acr_values", "phrh"), ("max_age", "300")])
            let first = try #require(try await browser.get(stepUp).headers[.location])
            let requestID = try #require(OAuthFlow.query(first)["request"])
            #expect(try await browser.ceremony(request: requestID, with: &key.authenticator).status == .ok)
            #expect(try await browser.get("/oauth2/authorize?request_id=" + requestID).headers[.location]?.contains("code=") == true)
            // Within max_age the session answers at once.
            harness.clock.advance(200)
            #expect(try await browser.get(stepUp).headers[.location]?.hasPrefix(OAuthFlow.redirectURI) == true)
            // After it, the person is asked again (and a phr request still passes from the same session).
            harness.clock.advance(101)
            #expect(try await browser.get(stepUp).headers[.location]?.hasPrefix("/step-up/?request=") == true)
            #expect(
                try await browser.get(OAuthFlow.authorizePath([("acr_values", "phr")])).headers[.location]?.hasPrefix(OAuthFlow.redirectURI) == true
            )
        }
    }

    @Test("a signed-in person without a security key is sent to the step-up page, told so there, and can add one")
    func stepUpWithoutKey() async throws {
        let now = TestClock().now
        let securityKey = try OAuthFlow.SecurityKey(seed: 9, now: now)
        try await run(anchors: [securityKey.anchor]) { _, client in
            var key = securityKey
            var synced = CeremonyEndpointTests.synced()
            var browser = Browser(client: client)
            #expect(try await browser.signUp("ada", with: &synced).status == .created)
            let location = try #require(
                try await browser.get(OAuthFlow.authorizePath([("acr_values", "phrh"), ("max_age", "300")])).headers[.location]
            )
            #expect(location.hasPrefix("/step-up/?request="))
            let requestID = try #require(OAuthFlow.query(location)["request"])
            let options = try await browser.post("/webauthn/authentication/options", json: ["request": requestID])
            #expect(options.status == .forbidden)
            #expect(String(buffer: options.body).contains("no-high-assurance-passkey"))
            #expect(try await browser.addSecurityKey(&key).status == .created)
            #expect(try await browser.ceremony(request: requestID, with: &key.authenticator).status == .ok)
            #expect(try await browser.get("/oauth2/authorize?request_id=" + requestID).headers[.location]?.contains("code=") == true)
        }
    }
}
