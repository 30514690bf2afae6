import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PassbankServer
import Storage
import Testing
import WebAuthn
import WebAuthnTestSupport

@Suite("OpenID provider: sign-up and prompt=login through a pending request")
struct OAuthInteractionTests {
    let flow = OAuthCodeFlowTests()

    @Test("creating an account from the sign-in page of a pending request goes back into authorize and gets a code")
    func signUpWithRequest() async throws {
        try await flow.run { _, client in
            var browser = Browser(client: client)
            var authenticator = CeremonyEndpointTests.synced()
            let start = try await browser.get(OAuthFlow.authorizePath())
            let requestID = try OAuthFlow.item("request", in: start)
            let options = try await browser.post(
                "/webauthn/registration/options",
                json: ["username": "ada", "displayName": "Ada", "request": requestID]
            )
            #expect(options.status == .ok)
            let parsed = try Browser.decode(Browser.Options<PublicKeyCredentialCreationOptionsJSON>.self, options)
            let credential = try authenticator.makeCredential(options: parsed.publicKey, origin: CeremonyHarness.origin, attestation: .none)
            let verify = try await browser.post(
                "/webauthn/registration/verify",
                json: Browser.Verify(ceremonyId: parsed.ceremonyId, credential: credential)
            )
            #expect(verify.status == .created)
            let redirect = try #require(try Browser.decode(CeremonyEndpointTests.Registered.self, verify).redirect)
            #expect(redirect == "/oauth2/authorize?request_id=" + requestID)
            let resumed = try await browser.get(redirect)
            #expect(try OAuthFlow.item("code", in: resumed).isEmpty == false)
            // The pending request is answered once.
            let again = try await browser.get(redirect)
            #expect(again.status == .badRequest)
        }
    }

    @Test("prompt=login sends a signed-in person to sign in again, and only the new sign-in answers")
    func promptLogin() async throws {
        try await flow.run { harness, client in
            var browser = Browser(client: client)
            var authenticator = CeremonyEndpointTests.synced()
            #expect(try await browser.signUp("ada", with: &authenticator).status == .created)
            harness.clock.advance(30)
            let start = try await browser.get(OAuthFlow.authorizePath([("prompt", "login")]))
            let requestID = try OAuthFlow.item("request", in: start)
            #expect(start.headers[.location]?.hasPrefix("/signin/") == true)
            // Without signing in again, resuming still asks for the sign-in.
            let early = try await browser.get("/oauth2/authorize?request_id=" + requestID)
            #expect(early.headers[.location]?.hasPrefix("/signin/") == true)
            harness.clock.advance(5)
            #expect(try await browser.ceremony(request: requestID, with: &authenticator).status == .ok)
            let resumed = try await browser.get("/oauth2/authorize?request_id=" + requestID)
            #expect(try OAuthFlow.item("code", in: resumed).isEmpty == false)
        }
    }
}
