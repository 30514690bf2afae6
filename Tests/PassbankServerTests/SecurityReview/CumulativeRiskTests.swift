import Banking
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

/// Security review, finding 7: ten payments of 999.99 to a payee went through one by one, from a
/// one-factor (UV=0) sign-in. Payments now add up towards the threshold since the last step-up, and
/// a one-factor sign-in may not pay anyone.
@Suite("Security review 7: payments add up, and one factor does not pay")
struct CumulativeRiskTests {
    struct Created: Decodable {
        struct Payee: Decodable { var id: String }
        var payee: Payee
    }

    /// Ada, with Bob as a payee (added with a fresh phrh), and her security key.
    static func adaWithPayee(
        client: any TestClientProtocol,
        key: OAuthFlow.SecurityKey,
        passkey: SoftwareAuthenticator? = nil
    )
        async throws -> (BankCustomer, payee: String)
    {
        let bob = try await BankCustomer.signUp("bob", seed: 7202, client: client)
        var ada: BankCustomer
        if let passkey {
            var browser = Browser(client: client)
            var authenticator = passkey
            try #require(try await browser.signUp("ada", with: &authenticator).status == .created)
            ada = BankCustomer(browser: browser, passkey: authenticator, token: "")
            ada.token = try await ada.authorize()
            ada.accounts = try await ada.fetchAccounts()
        } else {
            ada = try await BankCustomer.signUp("ada", seed: 7201, client: client)
        }
        try await ada.addSecurityKey(key)
        let added = try await ada.api(
            .post,
            "/api/payees",
            body: #"{"name":"Bob","number":"\#(bob.accounts[0].number)"}"#,
            token: try await ada.stepUp()
        )
        try #require(added.status == .created)
        return (ada, try Browser.decode(Created.self, added).payee.id)
    }

    @Test("999.99 passes, the next 999.99 asks for phrh; once confirmed, the count starts again")
    func cumulative() async throws {
        let key = try OAuthFlow.SecurityKey(seed: 72, now: TestClock().now)
        try await BankingHarness.run(anchors: [key.anchor]) { harness, client in
            var (ada, payee) = try await Self.adaWithPayee(client: client, key: key)
            let everyday = ada.accounts[0].id
            let pay = BankCustomer.transferJSON(from: everyday, payee: payee, amountJSON: #""999.99""#)
            #expect(try await ada.transfer(pay, key: "p-1").status == .created)
            let before = try BankingHarness.ledger(harness.database)
            let second = try await ada.transfer(pay, key: "p-2")
            #expect(second.status == .unauthorized)
            #expect(BankingHarness.code(second) == "step-up-required")
            #expect(try BankingHarness.ledger(harness.database) == before)
            // Between her own accounts nothing adds up.
            let own = BankCustomer.transferJSON(from: everyday, to: ada.accounts[1].id, amountJSON: #""999.99""#)
            #expect(try await ada.transfer(own, key: "o-1").status == .created)

            #expect(try await ada.transfer(pay, key: "p-2", token: try await ada.stepUp()).status == .created)
            let small = BankCustomer.transferJSON(from: everyday, payee: payee, amountJSON: #""500.00""#)
            #expect(try await ada.transfer(small, key: "p-3").status == .created, "the count restarted at the confirmed payment")
            // Past the window the sum is forgotten too.
            #expect(try await ada.transfer(small, key: "p-4").status == .unauthorized)
            harness.clock.advance(86_401)
            #expect(try await ada.browser.signIn("ada", with: &ada.passkey).status == .ok)
            ada.token = try await ada.authorize()
            #expect(try await ada.transfer(small, key: "p-4").status == .created)
        }
    }

    @Test("a one-factor (UV=0) sign-in moves between its own accounts but cannot pay a payee")
    func oneFactor() async throws {
        let key = try OAuthFlow.SecurityKey(seed: 73, now: TestClock().now)
        let noUV = SoftwareAuthenticator(userVerifying: false, backupEligible: true, backupState: true, seed: 7301)
        try await BankingHarness.run(anchors: [key.anchor]) { _, client in
            let (ada, payee) = try await Self.adaWithPayee(client: client, key: key, passkey: noUV)
            let everyday = ada.accounts[0].id
            let own = BankCustomer.transferJSON(from: everyday, to: ada.accounts[1].id, amountJSON: #""10.00""#)
            #expect(try await ada.transfer(own, key: "o-1").status == .created)
            let pay = try await ada.transfer(BankCustomer.transferJSON(from: everyday, payee: payee, amountJSON: #""10.00""#), key: "p-1")
            #expect(pay.status == .unauthorized)
            #expect(pay.headers[.wwwAuthenticate]?.contains(#"acr_values="phrh""#) == true)
        }
    }

    @Test("--one-factor-may read: a one-factor sign-in cannot move money at all")
    func oneFactorReadOnly() async throws {
        let key = try OAuthFlow.SecurityKey(seed: 74, now: TestClock().now)
        let noUV = SoftwareAuthenticator(userVerifying: false, backupEligible: true, backupState: true, seed: 7401)
        try await BankingHarness.run(anchors: [key.anchor], configure: { $0.risk.oneFactorMay = .read }) { _, client in
            let (ada, _) = try await Self.adaWithPayee(client: client, key: key, passkey: noUV)
            let own = BankCustomer.transferJSON(from: ada.accounts[0].id, to: ada.accounts[1].id, amountJSON: #""10.00""#)
            #expect(try await ada.transfer(own, key: "o-1").status == .unauthorized)
            #expect(try await ada.api(.get, "/api/accounts").status == .ok)
        }
    }
}
