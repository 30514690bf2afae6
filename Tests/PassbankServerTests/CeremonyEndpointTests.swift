import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PassbankServer
import Storage
import Testing
import WebAuthn
import WebAuthnTestSupport

@Suite("Ceremony endpoints")
struct CeremonyEndpointTests {
    struct Registered: Decodable {
        struct Passkey: Decodable {
            var id: String
            var provider: String
            var assurance: String
            var backupEligible: Bool
        }
        var passkey: Passkey
        var redirect: String?
    }

    struct SignedIn: Decodable {
        var acr: String
        var amr: [String]
        var username: String?
        var redirect: String?
    }

    static func synced(seed: UInt64 = 1) -> SoftwareAuthenticator {
        SoftwareAuthenticator(userVerifying: true, backupEligible: true, backupState: true, seed: seed)
    }

    func run(_ body: @escaping @Sendable (CeremonyHarness, any TestClientProtocol) async throws -> Void) async throws {
        let harness = try CeremonyHarness()
        defer { harness.site.remove() }
        try await Application(router: harness.router()).test(.router) { client in try await body(harness, client) }
    }

    @Test("sign-up with a synced passkey opens the account at phr and signs in; autofill sign-in gives phr with a new session")
    func signUpAndSignIn() async throws {
        try await run { harness, client in
            var browser = Browser(client: client)
            var authenticator = Self.synced()
            let registration = try await browser.signUp("ada", with: &authenticator)
            #expect(registration.status == .created)
            let registered = try Browser.decode(Registered.self, registration)
            #expect(registered.passkey.assurance == "phr")
            #expect(registered.passkey.backupEligible)
            #expect(registered.redirect == "/app/")
            let setCookie = try #require(registration.headers[.setCookie])
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Lax"))
            let firstCookie = browser.cookie

            // Autofill: no username, the discoverable credential answers.
            let signIn = try await browser.signIn(with: &authenticator)
            #expect(signIn.status == .ok)
            let signedIn = try Browser.decode(SignedIn.self, signIn)
            #expect(signedIn.acr == "phr")
            #expect(signedIn.amr == ["swk", "user", "mfa"])
            #expect(browser.cookie != firstCookie, "a new session id at every sign-in")

            // Username-first works too, and the counter moved.
            var other = Browser(client: client)
            #expect(try await other.signIn("ADA", with: &authenticator).status == .ok)
            let user = try #require(try harness.database.user(username: "ada"))
            let stored = try #require(try harness.database.credentials(userID: user.id).first)
            #expect(stored.signCount == 3)
        }
    }

    @Test("a taken username, in any case, is refused at options time")
    func usernameTaken() async throws {
        try await run { _, client in
            var browser = Browser(client: client)
            var authenticator = Self.synced()
            #expect(try await browser.signUp("ada", with: &authenticator).status == .created)
            var stranger = Browser(client: client)
            let response = try await stranger.post("/webauthn/registration/options", json: ["username": "Ada"])
            #expect(response.status == .conflict)
            #expect(try Browser.decode(ProblemBody.self, response).code == "username-taken")
        }
    }

    @Test(
        "bad usernames and names are refused",
        arguments: ["", "ab", String(repeating: "a", count: 65), "a b c", "ada\u{0}", "<script>", "ada\u{202E}x"]
    )
    func badUsername(username: String) async throws {
        try await run { _, client in
            var browser = Browser(client: client)
            let response = try await browser.post("/webauthn/registration/options", json: ["username": username])
            // No username and no session: nothing to add a passkey to.
            #expect(response.status == (username.isEmpty ? .unauthorized : .badRequest))
            #expect(try Browser.decode(ProblemBody.self, response).code == (username.isEmpty ? "sign-in-required" : "username-invalid"))
        }
    }

    @Test("a signed-in browser that sends a username signs up a new account instead of adding to its own")
    func signUpWhileSignedIn() async throws {
        try await run { harness, client in
            var browser = Browser(client: client)
            var first = Self.synced(seed: 1)
            var second = Self.synced(seed: 2)
            #expect(try await browser.signUp("ada", with: &first).status == .created)
            #expect(try await browser.signUp("grace", with: &second).status == .created)
            let grace = try #require(try harness.database.user(username: "grace"))
            #expect(try harness.database.credentials(userID: grace.id).count == 1)
            let signedIn = try Browser.decode(SignedIn.self, try await browser.signIn(with: &second))
            #expect(signedIn.username == "grace")
        }
    }

    @Test("an unknown username gets options shaped like a known one's, the same each time")
    func noEnumeration() async throws {
        try await run { _, client in
            var browser = Browser(client: client)
            var authenticator = Self.synced()
            #expect(try await browser.signUp("ada", with: &authenticator).status == .created)
            struct Allow: Decodable {
                struct PublicKey: Decodable {
                    struct Descriptor: Decodable { var id: String }
                    var allowCredentials: [Descriptor]
                }
                var publicKey: PublicKey
            }
            let known = try Browser.decode(Allow.self, try await browser.post("/webauthn/authentication/options", json: ["username": "ada"]))
            let first = try Browser.decode(Allow.self, try await browser.post("/webauthn/authentication/options", json: ["username": "nobody"]))
            let second = try Browser.decode(Allow.self, try await browser.post("/webauthn/authentication/options", json: ["username": "nobody"]))
            #expect(known.publicKey.allowCredentials.count == 1)
            #expect(first.publicKey.allowCredentials.count == 1)
            #expect(first.publicKey.allowCredentials[0].id == second.publicKey.allowCredentials[0].id)
            #expect(first.publicKey.allowCredentials[0].id.count == known.publicKey.allowCredentials[0].id.count)
        }
    }
}
