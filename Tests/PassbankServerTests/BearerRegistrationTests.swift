import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PassbankServer
import Storage
import Testing
import WebAuthn
import WebAuthnTestSupport

/// DESIGN.md HTTP surface: a caller signed in with a bearer access token (a native app, an API
/// client) gets registration options that add a passkey to its own account.
@Suite("Registration with a bearer access token")
struct BearerRegistrationTests {
    @Test("a token with the passkeys scope adds a passkey without a cookie; another scope, or another person's token, does not")
    func addWithBearer() async throws {
        try await BankingHarness.run { harness, client in
            var ada = try await BankCustomer.signUp("ada", seed: 41, client: client)
            let bob = try await BankCustomer.signUp("bob", seed: 42, client: client)
            var app = Browser(client: client)  // no cookie: only the token
            var headers = Browser.jsonHeaders
            headers[.authorization] = "Bearer \(ada.token)"

            let options = try await app.post("/webauthn/registration/options", json: ["authenticator": "client-device"], headers: headers)
            #expect(options.status == .ok)
            let parsed = try Browser.decode(Browser.Options<PublicKeyCredentialCreationOptionsJSON>.self, options)
            #expect(parsed.publicKey.user.name == "ada")
            #expect(parsed.publicKey.excludeCredentials.count == 1)
            var device = CeremonyEndpointTests.synced(seed: 43)
            let credential = try device.makeCredential(options: parsed.publicKey, origin: CeremonyHarness.origin)
            let verify = Browser.Verify(ceremonyId: parsed.ceremonyId, credential: credential)

            // Bob's token cannot finish Ada's ceremony.
            var bobs = Browser.jsonHeaders
            bobs[.authorization] = "Bearer \(bob.token)"
            let stolen = try await app.post("/webauthn/registration/verify", json: verify, headers: bobs)
            #expect(BankingHarness.code(stolen) == "passkey-not-allowed")

            #expect(try await app.post("/webauthn/registration/verify", json: verify, headers: headers).status == .created)
            let userID = try #require(try harness.database.user(username: "ada")).id
            #expect(try harness.database.credentials(userID: userID).count == 2)

            // A token without the passkeys scope is not enough; no token and no cookie is sign-in-required.
            var readOnly = Browser.jsonHeaders
            readOnly[.authorization] = "Bearer \(try await ada.authorize(scope: "openid accounts"))"
            let refused = try await app.post("/webauthn/registration/options", json: ["authenticator": "client-device"], headers: readOnly)
            #expect(BankingHarness.code(refused) == "scope-insufficient")
            let anonymous = try await app.post("/webauthn/registration/options", json: ["authenticator": "client-device"])
            #expect(BankingHarness.code(anonymous) == "sign-in-required")
        }
    }
}
