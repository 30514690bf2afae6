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

/// Security review, finding 8: a password (`pwd`) session enrolled a passkey and signed in with it
/// to meet its own `phr` challenge. A passkey added from a password-only session now signs in as
/// the password (`pwd`: reading only) until the new-key hold ends.
@Suite("Security review 8: a passkey added from a password session waits before it moves money")
struct PasswordEnrolmentHoldTests {
    struct Added: Decodable {
        struct Passkey: Decodable { var stepUpAfter: String? }
        var passkey: Passkey
    }

    struct Verified: Decodable { var acr: String }

    @Test("added from a password session: held; signs in as pwd; cannot answer a phr request; counts after the hold")
    func held() async throws {
        try await CeremonyHarness.run(configure: { $0.newKeyHold = .seconds(86_400) }) { harness, client in
            _ = try await LegacyAccounts.create(
                username: "bob",
                displayName: nil,
                password: "correct horse battery",
                database: harness.database,
                cost: 4
            )
            var browser = Browser(client: client)
            #expect(try await browser.post("/auth/password", json: ["username": "bob", "password": "correct horse battery"]).status == .ok)

            var passkey = CeremonyEndpointTests.synced(seed: 808)
            let options = try await browser.post("/webauthn/registration/options", json: ["authenticator": "client-device"])
            #expect(options.status == .ok)
            let parsed = try Browser.decode(Browser.Options<PublicKeyCredentialCreationOptionsJSON>.self, options)
            let credential = try passkey.makeCredential(options: parsed.publicKey, origin: CeremonyHarness.origin, attestation: .none)
            let added = try await browser.post(
                "/webauthn/registration/verify",
                json: Browser.Verify(ceremonyId: parsed.ceremonyId, credential: credential)
            )
            #expect(added.status == .created)
            #expect(try Browser.decode(Added.self, added).passkey.stepUpAfter != nil)

            // Signing in with it during the hold gives the password's level.
            var other = Browser(client: client)
            let signIn = try await other.signIn("bob", with: &passkey)
            #expect(signIn.status == .ok)
            #expect(try Browser.decode(Verified.self, signIn).acr == "pwd")

            // A request for phr (the banking API's challenge to a pwd token) cannot be met with it yet.
            let start = try await other.get(OAuthFlow.authorizePath([("acr_values", "phr")]))
            let requestID = try OAuthFlow.item("request", in: start)
            let refused = try await other.ceremony(request: requestID, with: &passkey)
            #expect(BankingHarness.code(refused) == "insufficient-assurance")
            #expect(String(buffer: refused.body).contains("countsFrom"))

            // After the hold it is a passkey like any other.
            harness.clock.advance(86_401)
            var later = Browser(client: client)
            let afterHold = try await later.signIn("bob", with: &passkey)
            #expect(try Browser.decode(Verified.self, afterHold).acr == "phr")
        }
    }

    @Test("added from a passkey (phr) session: a synced passkey counts at once")
    func notHeldFromPasskeySession() async throws {
        try await CeremonyHarness.run(configure: { $0.newKeyHold = .seconds(86_400) }) { _, client in
            var browser = Browser(client: client)
            var first = CeremonyEndpointTests.synced(seed: 809)
            #expect(try await browser.signUp("carol", with: &first).status == .created)
            var second = CeremonyEndpointTests.synced(seed: 810)
            let options = try await browser.post("/webauthn/registration/options", json: ["authenticator": "client-device"])
            let parsed = try Browser.decode(Browser.Options<PublicKeyCredentialCreationOptionsJSON>.self, options)
            let credential = try second.makeCredential(options: parsed.publicKey, origin: CeremonyHarness.origin, attestation: .none)
            let added = try await browser.post(
                "/webauthn/registration/verify",
                json: Browser.Verify(ceremonyId: parsed.ceremonyId, credential: credential)
            )
            #expect(try Browser.decode(Added.self, added).passkey.stepUpAfter == nil)
        }
    }
}
