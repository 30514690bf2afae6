import FIDOMetadata
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PassbankServer
import Storage
import Testing

/// RFC 9470 step-up in the banking API: the thresholds of DESIGN.md, the exact challenge, and the
/// retry with the same Idempotency-Key that moves the money once.
@Suite("Banking API: step-up for high-risk operations")
struct BankingStepUpTests {
    static let challenge =
        #"Bearer error="insufficient_user_authentication", error_description="Confirm with your security key to continue.", acr_values="phrh", max_age="300""#

    @Test("999.99 passes at phr; 1,000.00 is challenged; a fresh phrh passes with the same key, once; an old phrh is challenged again")
    func transferThreshold() async throws {
        let key = try OAuthFlow.SecurityKey(seed: 21, now: TestClock().now)
        try await BankingHarness.run(anchors: [key.anchor]) { harness, client in
            var ada = try await BankCustomer.signUp("ada", seed: 1021, client: client)
            try await ada.addSecurityKey(key)
            let (everyday, savings) = (ada.accounts[0].id, ada.accounts[1].id)

            let small = BankCustomer.transferJSON(from: everyday, to: savings, amountJSON: #""999.99""#)
            #expect(try await ada.transfer(small, key: "t-1").status == .created)

            let large = BankCustomer.transferJSON(from: everyday, to: savings, amountJSON: #""1000.00""#)
            let before = try BankingHarness.ledger(harness.database)
            let challenged = try await ada.api(
                .post,
                "/api/transfers",
                body: large,
                headers: [HTTPField.Name("Idempotency-Key")!: "t-2"]
            )
            #expect(challenged.status == .unauthorized)
            #expect(challenged.headers[.wwwAuthenticate] == Self.challenge)
            #expect(BankingHarness.code(challenged) == "step-up-required")
            // DESIGN.md flow 5: the page can read the challenge.
            #expect(challenged.headers[.accessControlExposeHeaders]?.contains("WWW-Authenticate") == true)
            #expect(challenged.headers[.accessControlAllowOrigin] == CeremonyHarness.origin)
            #expect(try BankingHarness.ledger(harness.database) == before)

            let strong = try await ada.stepUp()
            let done = try await ada.transfer(large, key: "t-2", token: strong)
            #expect(done.status == .created)
            let again = try await ada.transfer(large, key: "t-2", token: strong)
            #expect(again.status == .created)
            #expect(String(buffer: again.body) == String(buffer: done.body))
            #expect(again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            let balances = try await ada.fetchAccounts().map(\.balance.amount)
            #expect(balances == ["3000.01", "11999.99"])

            // RFC 9470 §3: an authentication older than max_age is challenged again.
            harness.clock.advance(301)
            let stale = try await ada.transfer(large, key: "t-3", token: try await ada.authorize())
            #expect(stale.status == .unauthorized)
            #expect(stale.headers[.wwwAuthenticate] == Self.challenge)
        }
    }

    @Test("adding a payee: challenged at phr, allowed with a fresh phrh, challenged again after max_age")
    func payee() async throws {
        let key = try OAuthFlow.SecurityKey(seed: 22, now: TestClock().now)
        try await BankingHarness.run(anchors: [key.anchor]) { harness, client in
            var ada = try await BankCustomer.signUp("ada", seed: 1022, client: client)
            try await ada.addSecurityKey(key)
            let bob = try await BankCustomer.signUp("bob", seed: 1023, client: client)
            let payee = #"{"name":"Bob","number":"\#(bob.accounts[0].number)"}"#

            let challenged = try await ada.api(.post, "/api/payees", body: payee)
            #expect(challenged.status == .unauthorized)
            #expect(challenged.headers[.wwwAuthenticate] == Self.challenge)
            let strong = try await ada.stepUp()
            let added = try await ada.api(.post, "/api/payees", body: payee, token: strong)
            #expect(added.status == .created)
            #expect(BankingHarness.code(try await ada.api(.post, "/api/payees", body: payee, token: strong)) == "payee-exists")
            let audited = try harness.database.auditEvents(limit: 100).map { "\($0.kind.rawValue):\($0.outcome.rawValue)" }
            #expect(audited.contains("payee-added:ok") && audited.contains("payee-added:refused"))

            harness.clock.advance(301)
            let carol = try await BankCustomer.signUp("carol", seed: 1024, client: client)
            let late = try await ada.api(.post, "/api/payees", body: #"{"name":"Carol","number":"\#(carol.accounts[0].number)"}"#, token: strong)
            #expect(late.status == .unauthorized)
            #expect(late.headers[.wwwAuthenticate] == Self.challenge)
        }
    }

    @Test("removing a passkey: challenged at phr, done with a fresh phrh; never the last way to sign in")
    func removePasskey() async throws {
        let key = try OAuthFlow.SecurityKey(seed: 25, now: TestClock().now)
        try await BankingHarness.run(anchors: [key.anchor]) { harness, client in
            var ada = try await BankCustomer.signUp("ada", seed: 1025, client: client)
            try await ada.addSecurityKey(key)
            struct Passkeys: Decodable {
                struct Passkey: Decodable {
                    var id: String
                    var deviceBound: Bool
                    var satisfiesStepUp: Bool
                    var provider: String
                }
                var passkeys: [Passkey]
            }
            let listed = try Browser.decode(Passkeys.self, try await ada.api(.get, "/api/passkeys")).passkeys
            // The synced passkey is on the person's devices and can't confirm; the security key can.
            #expect(Set(listed.map { "\($0.deviceBound)/\($0.satisfiesStepUp)" }) == ["false/false", "true/true"])
            let synced = try #require(listed.first { !$0.deviceBound }).id
            let securityKey = try #require(listed.first { $0.deviceBound }).id
            let challenged = try await ada.api(.delete, "/api/passkeys/\(synced)")
            #expect(challenged.status == .unauthorized)
            #expect(challenged.headers[.wwwAuthenticate] == Self.challenge)
            #expect(try harness.database.credentials(userID: try #require(try harness.database.user(username: "ada")).id).count == 2)

            let strong = try await ada.stepUp()
            #expect(try await ada.api(.delete, "/api/passkeys/\(synced)", token: strong).status == .noContent)
            #expect(BankingHarness.code(try await ada.api(.delete, "/api/passkeys/\(synced)", token: strong)) == "passkey-not-found")
            // The security key is now the only way in.
            let last = try await ada.api(.delete, "/api/passkeys/\(securityKey)", token: strong)
            #expect(last.status == .conflict)
            #expect(BankingHarness.code(last) == "last-sign-in-method")
            // Renaming needs no step-up.
            let renamed = try await ada.api(.patch, "/api/passkeys/\(securityKey)", body: #"{"name":"  Blue key  "}"#)
            #expect(renamed.status == .ok)
            #expect(String(buffer: renamed.body).contains(#""name":"Blue key""#))

            let events = try harness.database.auditEvents(limit: 100).map { "\($0.kind.rawValue):\($0.outcome.rawValue)" }
            for expected in [
                "sign-up:ok", "passkey-added:ok", "step-up:ok", "step-up-required:refused", "passkey-removed:ok", "passkey-removed:refused",
                "passkey-renamed:ok",
            ] {
                #expect(events.contains(expected), "\(expected) in \(events)")
            }
        }
    }

    @Test("a security key added from a phr session counts only after the hold: the list and the step-up say from when, then it works")
    func newKeyHold() async throws {
        let key = try OAuthFlow.SecurityKey(seed: 26, now: TestClock().now)
        try await BankingHarness.run(anchors: [key.anchor], configure: { $0.newKeyHold = .seconds(86_400) }) { harness, client in
            var ada = try await BankCustomer.signUp("ada", seed: 1026, client: client)
            try await ada.addSecurityKey(key)
            let countsFrom = harness.clock.now.addingTimeInterval(86_400).formatted(.iso8601)
            struct Passkeys: Decodable {
                struct Passkey: Decodable {
                    var deviceBound: Bool
                    var assurance: String
                    var satisfiesStepUp: Bool
                    var countsFrom: String?
                    var provider: String
                    var lastUsedAt: String?
                }
                var passkeys: [Passkey]
            }
            let listed = try Browser.decode(Passkeys.self, try await ada.api(.get, "/api/passkeys")).passkeys
            let held = try #require(listed.first { $0.deviceBound })
            #expect(held.assurance == "phrh" && !held.satisfiesStepUp && held.countsFrom == countsFrom)
            // Named by the operator anchor that vouches for it; the sign-up passkey was used to sign up.
            #expect(held.provider == "test key 26")
            #expect(listed.first { !$0.deviceBound }?.lastUsedAt != nil)

            // Step-up during the hold: the prompt is refused, saying from when the key counts.
            let start = try #require(
                try await ada.browser.get(OAuthFlow.authorizePath([("acr_values", "phrh")], scope: BankCustomer.scope)).headers[.location]
            )
            let requestID = try #require(OAuthFlow.query(start)["request"])
            let refused = try await ada.browser.post("/webauthn/authentication/options", json: ["request": requestID])
            #expect(BankingHarness.code(refused) == "no-high-assurance-passkey")
            #expect(String(buffer: refused.body).contains(#""countsFrom":"\#(countsFrom)""#))
            let body = BankCustomer.transferJSON(from: ada.accounts[0].id, to: ada.accounts[1].id, amountJSON: #""2500.00""#)
            #expect(try await ada.transfer(body, key: "big").status == .unauthorized)

            // A day later (after signing in again: the session has ended), the key counts.
            harness.clock.advance(86_401)
            var passkey = ada.passkey
            #expect(try await ada.browser.signIn(with: &passkey).status == .ok)
            ada.passkey = passkey
            let strong = try await ada.stepUp()
            #expect(try await ada.transfer(body, key: "big", token: strong).status == .created)
        }
    }
}
