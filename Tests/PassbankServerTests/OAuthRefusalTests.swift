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

@Suite("OpenID provider: refusals")
struct OAuthRefusalTests {
    let flow = OAuthCodeFlowTests()

    @Test("an unregistered redirect_uri or unknown client is shown on a page, never redirected")
    func untrustedRedirect() async throws {
        try await flow.run { _, client in
            var browser = Browser(client: client)
            for path in [
                OAuthFlow.authorizePath(redirect: "https://evil.example/callback"),
                OAuthFlow.authorizePath(clientID: "nobody"),
            ] {
                let response = try await browser.get(path)
                #expect(response.status == .badRequest)
                #expect(response.headers[.location] == nil)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(!String(buffer: response.body).contains("evil.example"))
            }
        }
    }

    @Test("a public client without PKCE gets invalid_request at its redirect URI, with state and iss")
    func missingPKCE() async throws {
        try await flow.run { _, client in
            var browser = Browser(client: client)
            let response = try await browser.get(OAuthFlow.authorizePath(pkce: false))
            #expect(response.status == .seeOther)
            let location = try #require(response.headers[.location])
            #expect(location.hasPrefix(OAuthFlow.redirectURI))
            let query = OAuthFlow.query(location)
            #expect(query["error"] == "invalid_request")
            #expect(query["state"] == "s-123")
            #expect(query["iss"] == CeremonyHarness.origin)
        }
    }

    @Test("a wrong code_verifier is invalid_grant")
    func wrongVerifier() async throws {
        try await flow.run { _, client in
            var authenticator = CeremonyEndpointTests.synced()
            var signUp = Browser(client: client)
            #expect(try await signUp.signUp("ada", with: &authenticator).status == .created)
            var browser = Browser(client: client)
            let code = try await OAuthCodeFlowTests.signInForCode(&browser, authenticator: &authenticator)
            let response = try await OAuthCodeFlowTests.exchange(browser, code: code, verifier: String(repeating: "a", count: 43))
            #expect(response.status == .badRequest)
            #expect(try Browser.decode(OAuthFlow.ErrorBody.self, response).error == "invalid_grant")
        }
    }

    @Test("an unknown client at the token endpoint is invalid_client (401)")
    func unknownClientAtToken() async throws {
        try await flow.run { _, client in
            let browser = Browser(client: client)
            let response = try await browser.form(
                "/oauth2/token",
                [("grant_type", "authorization_code"), ("code", "x"), ("client_id", "nobody")]
            )
            #expect(response.status == .unauthorized)
            #expect(try Browser.decode(OAuthFlow.ErrorBody.self, response).error == "invalid_client")
            #expect(response.headers[.accessControlAllowOrigin] == nil)
        }
    }

    @Test("prompt=none without a session is login_required")
    func promptNone() async throws {
        try await flow.run { _, client in
            var browser = Browser(client: client)
            let response = try await browser.get(OAuthFlow.authorizePath([("prompt", "none")]))
            #expect(response.status == .seeOther)
            #expect(OAuthFlow.query(response.headers[.location] ?? "")["error"] == "login_required")
        }
    }

    @Test("essential acr=phrh for someone with only synced passkeys is unmet_authentication_requirements")
    func unmetRequirements() async throws {
        try await flow.run { _, client in
            var authenticator = CeremonyEndpointTests.synced()
            var browser = Browser(client: client)
            #expect(try await browser.signUp("ada", with: &authenticator).status == .created)
            let claims = #"{"id_token":{"acr":{"essential":true,"values":["phrh"]}}}"#
            let response = try await browser.get(OAuthFlow.authorizePath([("claims", claims)]))
            #expect(response.status == .seeOther)
            #expect(OAuthFlow.query(response.headers[.location] ?? "")["error"] == "unmet_authentication_requirements")

            // Her own session is told there is no such key; a stranger naming her gets a decoy, as for
            // a name nobody has (finding 6 of the security review).
            let start = try await browser.get(OAuthFlow.authorizePath([("acr_values", "phrh")]))
            let requestID = try OAuthFlow.item("request", in: start)
            let options = try await browser.post("/webauthn/authentication/options", json: ["request": requestID])
            #expect(options.status == .forbidden)
            #expect(String(buffer: options.body).contains("no-high-assurance-passkey"))
            var stranger = Browser(client: client)
            let strangerStart = try await stranger.get(OAuthFlow.authorizePath([("acr_values", "phrh")]))
            let strangerRequest = try OAuthFlow.item("request", in: strangerStart)
            let decoy = try await stranger.post("/webauthn/authentication/options", json: ["request": strangerRequest, "username": "ada"])
            #expect(decoy.status == .ok)
            #expect(!String(buffer: decoy.body).contains(Base64URL.encode(try #require(authenticator.credentials.first).id)))
        }
    }

    @Test("a step-up answered by another person's security key is refused")
    func stepUpByAnotherPerson() async throws {
        let now = TestClock().now
        let myKey = try OAuthFlow.SecurityKey(seed: 7, now: now)
        let theirKey = try OAuthFlow.SecurityKey(seed: 9, now: now)
        try await flow.run(anchors: [myKey.anchor, theirKey.anchor]) { _, client in
            var mine = myKey
            var theirs = theirKey
            var synced = CeremonyEndpointTests.synced()
            var browser = Browser(client: client)
            #expect(try await browser.signUp("ada", with: &synced).status == .created)
            #expect(try await browser.addSecurityKey(&mine).status == .created)
            var other = Browser(client: client)
            let theirRegistration = try await other.signUp("bob", with: &theirs.authenticator, attestation: .packed(theirs.authority))
            #expect(theirRegistration.status == .created)

            let start = try await browser.get(OAuthFlow.authorizePath([("acr_values", "phrh")]))
            let requestID = try OAuthFlow.item("request", in: start)
            let options = try await browser.post("/webauthn/authentication/options", json: ["request": requestID])
            var parsed = try Browser.decode(Browser.Options<PublicKeyCredentialRequestOptionsJSON>.self, options)
            // Bob's key answers the challenge of Ada's step-up (as a discoverable credential).
            parsed.publicKey.allowCredentials = []
            let credential = try theirs.authenticator.getAssertion(options: parsed.publicKey, origin: CeremonyHarness.origin)
            let verify = try await browser.post(
                "/webauthn/authentication/verify",
                json: Browser.Verify(ceremonyId: parsed.ceremonyId, credential: credential)
            )
            #expect(verify.status == .forbidden)
            #expect(String(buffer: verify.body).contains("passkey-not-allowed"))
            // The session did not reach phrh: authorize still asks for the step-up.
            let resumed = try await browser.get("/oauth2/authorize?request_id=" + requestID)
            #expect(resumed.headers[.location]?.hasPrefix("/step-up/") == true)
        }
    }
}
