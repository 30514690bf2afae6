import Banking
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PassbankServer
import Storage
import Testing

/// Hostile and malformed input to the banking API: each refusal has its own problem code, and
/// nothing stored changes.
@Suite("Banking API: bad input is refused and changes nothing")
struct BankingRefusalTests {
    enum Case: Sendable, CustomTestStringConvertible {
        case amount(String, code: String)
        case currency(String, code: String)
        case from(String, code: String)
        case to(String, code: String)
        case otherCustomersAccount
        case noKey
        case key(String, code: String)
        case rawBody(String, code: String)
        case megabyte
        case contentType
        case crossSite
        case insufficientFunds
        case sameAccount
        case reference(String)

        var testDescription: String { "\(self)" }
    }

    @Test(
        "each bad transfer gets its problem code and the ledger is unchanged",
        arguments: [
            Case.amount(#""1e3""#, code: "amount-invalid"), .amount(#""-5.00""#, code: "amount-not-positive"),
            .amount(#""0.001""#, code: "amount-invalid"), .amount(#""NaN""#, code: "amount-invalid"),
            .amount(#""1234567890123456789012345""#, code: "amount-invalid"), .amount(#""1234567890123456789012.00""#, code: "amount-invalid"),
            .amount("5", code: "amount-invalid"), .amount("5.00", code: "amount-invalid"), .amount("null", code: "amount-invalid"),
            .amount(#""0.00""#, code: "amount-not-positive"), .amount(#""3000.01""#, code: "operation-denied"),
            .currency("USD", code: "currency-mismatch"), .currency("eur", code: "currency-invalid"), .currency("", code: "currency-invalid"),
            .from("no-such-account", code: "account-not-found"), .to("no-such-account", code: "account-not-found"), .otherCustomersAccount,
            .noKey, .key("", code: "idempotency-key-invalid"), .key(String(repeating: "k", count: 129), code: "idempotency-key-invalid"),
            .key("with space", code: "idempotency-key-invalid"), .rawBody("{", code: "malformed-request"),
            .rawBody(#"{"fromAccountId":1}"#, code: "malformed-request"), .rawBody("[]", code: "malformed-request"), .megabyte,
            .contentType, .crossSite, .insufficientFunds, .sameAccount, .reference(String(repeating: "r", count: 141)),
            .reference(#"evil\u202Eeman"#),
        ]
    )
    func transfer(_ input: Case) async throws {
        // A lower ceiling than the default, so that "too large" is reachable within the demo balance.
        try await BankingHarness.run(configure: { $0.risk.maximumTransfer = .init(minorUnits: 300_000, currency: .euro) }) { harness, client in
            let ada = try await BankCustomer.signUp("ada", seed: 31, client: client)
            let bob = try await BankCustomer.signUp("bob", seed: 32, client: client)
            let (from, to) = (ada.accounts[0].id, ada.accounts[1].id)
            let before = try BankingHarness.ledger(harness.database)
            let expected: String
            let response: TestResponse
            func send(_ body: String, key: String? = "key-1") async throws -> TestResponse { try await ada.transfer(body, key: key) }
            switch input {
            case .amount(let json, let code):
                (expected, response) = (code, try await send(BankCustomer.transferJSON(from: from, to: to, amountJSON: json)))
            case .currency(let currency, let code):
                let body = BankCustomer.transferJSON(from: from, to: to, amountJSON: #""5.00""#, currency: currency)
                (expected, response) = (code, try await send(body))
            case .from(let id, let code):
                (expected, response) = (code, try await send(BankCustomer.transferJSON(from: id, to: to, amountJSON: #""5.00""#)))
            case .to(let id, let code):
                (expected, response) = (code, try await send(BankCustomer.transferJSON(from: from, to: id, amountJSON: #""5.00""#)))
            case .otherCustomersAccount:
                // Bob's account id is not Ada's to move money into (nor out of).
                let into = try await send(BankCustomer.transferJSON(from: from, to: bob.accounts[0].id, amountJSON: #""5.00""#), key: "a")
                #expect(BankingHarness.code(into) == "account-not-found")
                (expected, response) = (
                    "account-not-found", try await send(BankCustomer.transferJSON(from: bob.accounts[0].id, to: to, amountJSON: #""5.00""#))
                )
            case .noKey:
                (expected, response) = (
                    "idempotency-key-missing", try await send(BankCustomer.transferJSON(from: from, to: to, amountJSON: #""5.00""#), key: nil)
                )
            case .key(let key, let code):
                (expected, response) = (code, try await send(BankCustomer.transferJSON(from: from, to: to, amountJSON: #""5.00""#), key: key))
            case .rawBody(let body, let code):
                (expected, response) = (code, try await send(body))
            case .megabyte:
                let padding = String(repeating: "x", count: 1_048_576)
                (expected, response) = (
                    "payload-too-large", try await send(BankCustomer.transferJSON(from: from, to: to, amountJSON: #""5.00""#, reference: padding))
                )
            case .contentType:
                let headers: HTTPFields = [
                    .authorization: "Bearer \(ada.token)", .contentType: "text/plain", HTTPField.Name("Idempotency-Key")!: "k",
                ]
                let body = ByteBuffer(string: BankCustomer.transferJSON(from: from, to: to, amountJSON: #""5.00""#))
                (expected, response) = (
                    "unsupported-media-type", try await client.execute(uri: "/api/transfers", method: .post, headers: headers, body: body)
                )
            case .crossSite:
                let headers: HTTPFields = [
                    .authorization: "Bearer \(ada.token)", .contentType: "application/json", .origin: "https://evil.example",
                    HTTPField.Name("Idempotency-Key")!: "k",
                ]
                let body = ByteBuffer(string: BankCustomer.transferJSON(from: from, to: to, amountJSON: #""5.00""#))
                response = try await client.execute(uri: "/api/transfers", method: .post, headers: headers, body: body)
                expected = "forbidden-origin"
                #expect(response.headers[.accessControlAllowOrigin] == nil)
            case .insufficientFunds:
                (expected, response) = (
                    "insufficient-funds", try await send(BankCustomer.transferJSON(from: from, to: to, amountJSON: #""5000.01""#))
                )
            case .sameAccount:
                (expected, response) = ("same-account", try await send(BankCustomer.transferJSON(from: from, to: from, amountJSON: #""5.00""#)))
            case .reference(let reference):
                let body = BankCustomer.transferJSON(from: from, to: to, amountJSON: #""5.00""#, reference: reference)
                (expected, response) = ("reference-invalid", try await send(body))
            }
            #expect(BankingHarness.code(response) == expected, "\(response.status) \(String(buffer: response.body).prefix(300))")
            #expect(response.status.code >= 400 && response.status.code < 500)
            #expect(response.headers[.contentType] == "application/problem+json")
            #expect(try BankingHarness.ledger(harness.database) == before)
            // Every refusal leaves the person able to go on: a good transfer still works.
            let good = try await ada.transfer(BankCustomer.transferJSON(from: from, to: to, amountJSON: #""1.00""#), key: "after")
            #expect(good.status == .created)
        }
    }

    @Test("tokens: missing, forged, expired, for another scope; each a 401/403 with its WWW-Authenticate")
    func tokens() async throws {
        try await BankingHarness.run { harness, client in
            var ada = try await BankCustomer.signUp("ada", seed: 33, client: client)
            let missing = try await client.execute(uri: "/api/accounts", method: .get, headers: [:], body: nil)
            #expect(missing.status == .unauthorized)
            #expect(missing.headers[.wwwAuthenticate] == #"Bearer realm="passbank-api""#)
            #expect(BankingHarness.code(missing) == "token-missing")

            var forged = Array(ada.token)
            forged[forged.count - 2] = forged[forged.count - 2] == "A" ? "B" : "A"
            for token in [String(forged), "not.a.jwt", "", String(repeating: "a", count: 10_000), ada.token + "."] {
                let response = try await ada.api(.get, "/api/accounts", token: token)
                #expect(response.status == .unauthorized)
                #expect(BankingHarness.code(response) == "token-invalid")
                #expect(response.headers[.wwwAuthenticate]?.contains(#"error="invalid_token""#) == true)
            }
            let basic = try await client.execute(uri: "/api/accounts", method: .get, headers: [.authorization: "Basic YTpi"], body: nil)
            #expect(BankingHarness.code(basic) == "token-invalid")

            // A token without the payments scope reads, but cannot move money.
            let readOnly = try await ada.authorize(scope: "openid accounts")
            #expect(try await ada.api(.get, "/api/accounts", token: readOnly).status == .ok)
            let body = BankCustomer.transferJSON(from: ada.accounts[0].id, to: ada.accounts[1].id, amountJSON: #""5.00""#)
            let refused = try await ada.transfer(body, key: "k", token: readOnly)
            #expect(refused.status == .forbidden)
            #expect(refused.headers[.wwwAuthenticate] == #"Bearer realm="passbank-api", error="insufficient_scope", scope="payments""#)
            #expect(BankingHarness.code(try await ada.api(.get, "/api/passkeys", token: readOnly)) == "scope-insufficient")

            harness.clock.advance(400)
            let expired = try await ada.api(.get, "/api/accounts")
            #expect(BankingHarness.code(expired) == "token-invalid")
            #expect(String(buffer: expired.body).contains("expired"))
        }
    }

    @Test("the same Idempotency-Key with another body is refused; refusals replay too")
    func idempotency() async throws {
        // Large amounts without step-up here: this test is about keys, not about the threshold.
        try await BankingHarness.run(configure: { $0.risk.stepUpThreshold = .init(minorUnits: 10_000_000, currency: .euro) }) { harness, client in
            let ada = try await BankCustomer.signUp("ada", seed: 34, client: client)
            let (from, to) = (ada.accounts[0].id, ada.accounts[1].id)
            let first = try await ada.transfer(BankCustomer.transferJSON(from: from, to: to, amountJSON: #""10.00""#), key: "same")
            #expect(first.status == .created)
            let before = try BankingHarness.ledger(harness.database)
            let other = try await ada.transfer(BankCustomer.transferJSON(from: from, to: to, amountJSON: #""11.00""#), key: "same")
            #expect(BankingHarness.code(other) == "idempotency-key-reused")
            // Key order and spacing do not make another body.
            let reordered = #"{ "amount": {"currency":"EUR", "amount":"10.00"}, "toAccountId":"\#(to)", "fromAccountId":"\#(from)" }"#
            let replay = try await ada.transfer(reordered, key: "same")
            #expect(String(buffer: replay.body) == String(buffer: first.body))
            // A stored refusal answers the same even when the balance would now allow it.
            let poor = try await ada.transfer(BankCustomer.transferJSON(from: from, to: to, amountJSON: #""6000.00""#), key: "poor")
            #expect(BankingHarness.code(poor) == "insufficient-funds")
            #expect(try await ada.transfer(BankCustomer.transferJSON(from: to, to: from, amountJSON: #""5000.00""#), key: "fill").status == .created)
            let replayedRefusal = try await ada.transfer(BankCustomer.transferJSON(from: from, to: to, amountJSON: #""6000.00""#), key: "poor")
            #expect(String(buffer: replayedRefusal.body) == String(buffer: poor.body))
            #expect(try BankingHarness.ledger(harness.database) != before)
            // Keys belong to one person: Bob's "same" is his own.
            let bob = try await BankCustomer.signUp("bob", seed: 35, client: client)
            let bobs = try await bob.transfer(
                BankCustomer.transferJSON(from: bob.accounts[0].id, to: bob.accounts[1].id, amountJSON: #""10.00""#),
                key: "same"
            )
            #expect(bobs.status == .created)
            #expect(String(buffer: bobs.body) != String(buffer: first.body))
        }
    }
}
