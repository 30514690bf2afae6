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

/// Security review, finding 1 (high): a session that once reached `phrh` but is older than the
/// step-up max age must not enrol a security key that counts at once, then step up with it.
@Suite("Security review 1: a stale phrh enrols only a held key")
struct StaleStepUpEnrolmentTests {
    struct Added: Decodable {
        struct Passkey: Decodable {
            var id: String
            var stepUpAfter: String?
        }
        var passkey: Passkey
    }

    static func run(
        _ body: @escaping @Sendable (CeremonyHarness, any TestClientProtocol, OAuthFlow.SecurityKey, OAuthFlow.SecurityKey) async throws -> Void
    )
        async throws
    {
        let now = TestClock().now
        let owners = try OAuthFlow.SecurityKey(seed: 31, now: now)
        let attackers = try OAuthFlow.SecurityKey(seed: 32, now: now)
        try await CeremonyHarness.run(configure: { configuration in
            configuration.operatorAnchors = OperatorTrustAnchors(anchors: [owners.anchor, attackers.anchor])
            configuration.newKeyHold = .seconds(86_400)
        }) { harness, client in try await body(harness, client, owners, attackers) }
    }

    @Test("a key added from a phrh sign-up session older than max_age is held, and cannot answer a step-up")
    func staleSession() async throws {
        try await Self.run { harness, client, owners, attackers in
            var browser = Browser(client: client)
            var owner = owners
            let signUp = try await browser.signUp("ada", with: &owner.authenticator, attestation: .packed(owner.authority))
            #expect(signUp.status == .created)
            // The leaked cookie is used after the step-up max age (300 s).
            harness.clock.advance(301)
            var attacker = attackers
            let added = try await browser.addSecurityKey(&attacker)
            #expect(added.status == .created)
            let passkey = try Browser.decode(Added.self, added).passkey
            #expect(passkey.stepUpAfter != nil, "a key added without a fresh phrh waits")

            // The step-up prompt offers only the owner's key; an assertion with the held key is refused.
            let start = try await browser.get(OAuthFlow.authorizePath([("acr_values", "phrh"), ("max_age", "300")]))
            let requestID = try OAuthFlow.item("request", in: start)
            let options = try await browser.post("/webauthn/authentication/options", json: ["request": requestID])
            #expect(options.status == .ok)
            #expect(!String(buffer: options.body).contains(passkey.id))
            let parsed = try Browser.decode(Browser.Options<PublicKeyCredentialRequestOptionsJSON>.self, options)
            let forced = try attacker.authenticator.getAssertion(
                rpID: "localhost",
                origin: CeremonyHarness.origin,
                challenge: try #require(Base64URL.decode(parsed.publicKey.challenge))
            )
            let verify = try await browser.post(
                "/webauthn/authentication/verify",
                json: Browser.Verify(ceremonyId: parsed.ceremonyId, credential: forced)
            )
            #expect(verify.status.code >= 400 && verify.status.code < 500)
            let page = try await browser.get("/oauth2/authorize?request_id=" + requestID)
            #expect(OAuthFlow.query(page.headers[.location] ?? "")["code"] == nil, "no phrh code for the attacker")
        }
    }

    @Test("a key added within max_age of a phrh authentication counts at once")
    func freshSession() async throws {
        try await Self.run { harness, client, owners, attackers in
            var browser = Browser(client: client)
            var owner = owners
            #expect(try await browser.signUp("ada", with: &owner.authenticator, attestation: .packed(owner.authority)).status == .created)
            harness.clock.advance(299)
            var second = attackers
            let added = try await browser.addSecurityKey(&second)
            #expect(added.status == .created)
            #expect(try Browser.decode(Added.self, added).passkey.stepUpAfter == nil)
        }
    }

    @Test("a bearer token whose phrh auth_time is older than max_age enrols only a held key")
    func staleBearer() async throws {
        try await Self.run { harness, client, owners, attackers in
            var customer = try await BankCustomer.signUp("ada", seed: 3101, client: client)
            try await customer.addSecurityKey(owners)  // held, from the phr sign-up session
            harness.clock.advance(86_401)
            #expect(try await customer.browser.signIn("ada", with: &customer.passkey).status == .ok)
            let strong = try await customer.authorizeTokens([("acr_values", "phrh"), ("max_age", "300")])
            harness.clock.advance(301)
            // A refreshed access token carries the step-up's acr phrh and its old auth_time.
            let refreshed = try await customer.refresh(try #require(strong.refresh_token))
            #expect(refreshed.status == .ok)
            let token = try Browser.decode(OAuthFlow.Tokens.self, refreshed).access_token
            var attacker = attackers
            let bearer: HTTPFields = [.contentType: "application/json", .origin: CeremonyHarness.origin, .authorization: "Bearer \(token)"]
            var app = Browser(client: client)
            let options = try await app.post("/webauthn/registration/options", json: ["authenticator": "security-key"], headers: bearer)
            #expect(options.status == .ok)
            let parsed = try Browser.decode(Browser.Options<PublicKeyCredentialCreationOptionsJSON>.self, options)
            let credential = try attacker.authenticator.makeCredential(
                options: parsed.publicKey,
                origin: CeremonyHarness.origin,
                attestation: .packed(attacker.authority)
            )
            let added = try await app.post(
                "/webauthn/registration/verify",
                json: Browser.Verify(ceremonyId: parsed.ceremonyId, credential: credential),
                headers: bearer
            )
            #expect(added.status == .created)
            #expect(try Browser.decode(Added.self, added).passkey.stepUpAfter != nil)
        }
    }
}
