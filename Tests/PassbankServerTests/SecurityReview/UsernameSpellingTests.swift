import Banking
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PassbankServer
import Storage
import Testing
import WebAuthn
import WebAuthnTestSupport

/// Security review, finding 4: a username padded with a space reached the account with a fresh
/// limit budget. Every spelling that reaches an account (case, Unicode normalisation, surrounding
/// whitespace, compatibility forms) reaches the same account and the same limits; a stranger's
/// attempts never spend the signed-in holder's budget.
@Suite("Security review 4: every spelling of a username is one account with one limit")
struct UsernameSpellingTests {
    /// "José" with a precomposed é, and spellings of it.
    static let chosen = "Jos\u{E9}"
    static let spellings = [
        "jos\u{E9}", "JOS\u{C9}", " Jos\u{E9}", "Jos\u{E9}\t", "\u{A0}Jos\u{E9}\u{2003}", "Jose\u{301}", "JOSE\u{301}",
        "\u{FF2A}\u{FF2F}\u{FF33}\u{E9}", "\nJos\u{E9}\n",
    ]

    @Test("the canonical key folds case, width, composition and surrounding whitespace", arguments: spellings)
    func key(_ spelling: String) {
        #expect(Username.key(spelling) == Username.key(Self.chosen))
        #expect(Username.key(spelling) != Username.key("Jose"))
    }

    @Test("a spelling of a taken name is taken; it reaches the account; it spends the same budget", arguments: spellings)
    func spelling(_ spelling: String) async throws {
        try await CeremonyHarness.run(configure: { $0.abuse.ceremoniesPerAccount = RateLimit(count: 2, window: .seconds(900)) }) { _, client in
            var holder = Browser(client: client)
            var passkey = CeremonyEndpointTests.synced()
            #expect(try await holder.signUp(Self.chosen, with: &passkey).status == .created)
            let credentialID = Base64URL.encode(try #require(passkey.credentials.first).id)

            var stranger = Browser(client: client)
            let again = try await stranger.post("/webauthn/registration/options", json: ["username": spelling, "displayName": "x"])
            #expect(BankingHarness.code(again) == "username-taken")

            let options = try await stranger.post("/webauthn/authentication/options", json: ["username": spelling])
            #expect(options.status == .ok)
            #expect(String(buffer: options.body).contains(credentialID), "the spelling reaches the account")
            #expect(try await stranger.post("/webauthn/authentication/options", json: ["username": Self.chosen]).status == .ok)
            let limited = try await stranger.post("/webauthn/authentication/options", json: ["username": spelling])
            #expect(limited.status == .tooManyRequests, "the spelling shares the account's budget")

            // The stranger spent their own budget, never the holder's.
            #expect(try await holder.post("/webauthn/authentication/options", json: ["username": spelling]).status == .ok)
        }
    }

    @Test("failed passwords count under the canonical name, whatever the spelling")
    func passwordSpellings() async throws {
        try await CeremonyHarness.run(configure: { $0.abuse.passwordFailuresPerAccount = RateLimit(count: 3, window: .seconds(900)) }) {
            harness,
            client in
            _ = try await LegacyAccounts.create(
                username: Self.chosen,
                displayName: nil,
                password: "correct horse battery",
                database: harness.database,
                cost: 4
            )
            var browser = Browser(client: client)
            for spelling in Self.spellings.prefix(3) {
                let wrong = try await browser.post("/auth/password", json: ["username": spelling, "password": "wrong password"])
                #expect(BankingHarness.code(wrong) == "password-rejected")
            }
            let paused = try await browser.post("/auth/password", json: ["username": Self.spellings[5], "password": "correct horse battery"])
            #expect(paused.status == .tooManyRequests)
        }
    }

    @Test("the right password signs in under any spelling of the name")
    func passwordSignIn() async throws {
        try await CeremonyHarness.run { harness, client in
            _ = try await LegacyAccounts.create(
                username: Self.chosen,
                displayName: nil,
                password: "correct horse battery",
                database: harness.database,
                cost: 4
            )
            var browser = Browser(client: client)
            let signedIn = try await browser.post("/auth/password", json: ["username": "JOSE\u{301} ", "password": "correct horse battery"])
            #expect(signedIn.status == .ok)
        }
    }
}
