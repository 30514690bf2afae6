import Banking
import Foundation
import Testing

@Suite("Risk policy: when the bank demands step-up (DESIGN.md flow 5, RFC 9470)")
struct RiskPolicyTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let settings = RiskSettings.standard

    func euros(_ text: String) throws -> Money { try Money(decimal: text, currency: .euro) }

    func decide(_ operation: RiskPolicy.Operation, _ acr: String, age: TimeInterval = 0, userVerified: Bool = true) -> RiskPolicy.Decision {
        let authentication = RiskPolicy.Authentication(acr: acr, authTime: now.addingTimeInterval(-age), userVerified: userVerified)
        return RiskPolicy.decide(operation, by: authentication, now: now, settings: settings)
    }

    @Test("999.99 passes with phr; 1,000.00 asks for phrh within 300 s")
    func threshold() throws {
        #expect(decide(.transfer(try euros("999.99")), "phr") == .allow)
        #expect(decide(.transfer(try euros("1000.00")), "phr") == .stepUp(acr: "phrh", maxAge: 300))
        #expect(decide(.transfer(try euros("1000.00")), "phrh", age: 10) == .allow)
        #expect(decide(.transfer(try euros("1000.00")), "phrh", age: 300) == .allow)
        #expect(decide(.transfer(try euros("1000.00")), "phrh", age: 301) == .stepUp(acr: "phrh", maxAge: 300))
    }

    @Test("adding a payee and removing a passkey always need a fresh phrh", arguments: [RiskPolicy.Operation.addPayee, .removePasskey])
    func highRisk(operation: RiskPolicy.Operation) {
        #expect(decide(operation, "phr") == .stepUp(acr: "phrh", maxAge: 300))
        #expect(decide(operation, "pwd") == .stepUp(acr: "phrh", maxAge: 300))
        #expect(decide(operation, "phrh", age: 5) == .allow)
        #expect(decide(operation, "phrh", age: 3600) == .stepUp(acr: "phrh", maxAge: 300))
    }

    @Test("a password token only reads; an unknown acr is denied; above the maximum is denied")
    func edges() throws {
        #expect(decide(.read, "pwd") == .allow)
        #expect(decide(.transfer(try euros("10.00")), "pwd") == .stepUp(acr: "phr", maxAge: nil))
        #expect(decide(.renamePasskey, "pwd") == .stepUp(acr: "phr", maxAge: nil))
        guard case .deny = decide(.read, "urn:other") else {
            Issue.record("unknown acr allowed")
            return
        }
        guard case .deny = decide(.transfer(try euros("50000.01")), "phrh") else {
            Issue.record("over the maximum allowed")
            return
        }
        #expect(decide(.transfer(try euros("50000.00")), "phrh") == .allow)
        // Another currency than the threshold's never gets the cheap path.
        #expect(decide(.transfer(try Money(decimal: "5.00", currency: try Currency(code: "USD"))), "phr") == .stepUp(acr: "phrh", maxAge: 300))
    }

    @Test("settings move the threshold and the age")
    func configurable() throws {
        var custom = settings
        custom.stepUpThreshold = try euros("50.00")
        custom.stepUpMaxAge = 60
        let phr = RiskPolicy.Authentication(acr: "phr", authTime: now, userVerified: true)
        let decision = RiskPolicy.decide(.transfer(try euros("50.00")), by: phr, now: now, settings: custom)
        #expect(decision == .stepUp(acr: "phrh", maxAge: 60))
    }

    @Test("payments to payees add up: what went since the last step-up counts towards the threshold (security review 7)")
    func cumulative() throws {
        let sent = try euros("900.00")
        #expect(decide(.payment(try euros("99.99"), sentRecently: sent), "phr") == .allow)
        #expect(decide(.payment(try euros("100.00"), sentRecently: sent), "phr") == .stepUp(acr: "phrh", maxAge: 300))
        #expect(decide(.payment(try euros("999.99"), sentRecently: try euros("999.99")), "phrh", age: 10) == .allow)
        // Between one's own accounts nothing adds up.
        #expect(decide(.transfer(try euros("999.99")), "phr") == .allow)
        // A sum in another currency, or one that overflows, never gets the cheap path.
        let dollars = try Money(decimal: "1.00", currency: try Currency(code: "USD"))
        #expect(decide(.payment(try euros("1.00"), sentRecently: dollars), "phr") == .stepUp(acr: "phrh", maxAge: 300))
        let huge = Money(minorUnits: .max, currency: .euro)
        #expect(decide(.payment(try euros("1.00"), sentRecently: huge), "phr") == .stepUp(acr: "phrh", maxAge: 300))
    }

    @Test("a one-factor (UV=0) sign-in reads and moves between own accounts; a payment asks for phrh (security review 7)")
    func oneFactor() throws {
        let small = try euros("10.00")
        #expect(decide(.read, "phr", userVerified: false) == .allow)
        #expect(decide(.transfer(small), "phr", userVerified: false) == .allow)
        #expect(decide(.payment(small, sentRecently: .zero(.euro)), "phr", userVerified: false) == .stepUp(acr: "phrh", maxAge: 300))
        #expect(decide(.payment(small, sentRecently: .zero(.euro)), "phr") == .allow)
        var readOnly = settings
        readOnly.oneFactorMay = .read
        let uv0 = RiskPolicy.Authentication(acr: "phr", authTime: now, userVerified: false)
        #expect(RiskPolicy.decide(.transfer(small), by: uv0, now: now, settings: readOnly) == .stepUp(acr: "phrh", maxAge: 300))
        #expect(RiskPolicy.decide(.read, by: uv0, now: now, settings: readOnly) == .allow)
    }
}

@Suite("Ledger posting and transfer validation")
struct LedgerTests {
    @Test("a posting moves the amount and refuses to overdraw")
    func posting() throws {
        let after = try Ledger.post(Money(minorUnits: 500, currency: .euro), from: Money(minorUnits: 500, currency: .euro), to: .zero(.euro))
        #expect(after.debited.minorUnits == 0)
        #expect(after.credited.minorUnits == 500)
        #expect(throws: BankingError(code: "insufficient-funds", reason: "")) {
            try Ledger.post(Money(minorUnits: 501, currency: .euro), from: Money(minorUnits: 500, currency: .euro), to: .zero(.euro))
        }
        #expect(throws: BankingError(code: "amount-out-of-range", reason: "")) {
            try Ledger.post(
                Money(minorUnits: 1, currency: .euro),
                from: Money(minorUnits: 1, currency: .euro),
                to: Money(minorUnits: .max, currency: .euro)
            )
        }
    }

    @Test("the daily limit counts what already went today")
    func dailyLimit() throws {
        let limit = Money(minorUnits: 1_000_000, currency: .euro)
        try Ledger.checkDailyLimit(
            spentToday: Money(minorUnits: 900_000, currency: .euro),
            amount: Money(minorUnits: 100_000, currency: .euro),
            limit: limit
        )
        #expect(throws: BankingError(code: "daily-limit-exceeded", reason: "")) {
            try Ledger.checkDailyLimit(
                spentToday: Money(minorUnits: 900_000, currency: .euro),
                amount: Money(minorUnits: 100_001, currency: .euro),
                limit: limit
            )
        }
    }

    @Test(
        "transfer fields: each bad one has its own code",
        arguments: [
            ("-5.00", "EUR", "", "amount-not-positive"), ("0.00", "EUR", "", "amount-not-positive"), ("1e3", "EUR", "", "amount-invalid"),
            ("5.00", "usd", "", "currency-invalid"), ("5.00", "EUR", String(repeating: "x", count: 141), "reference-invalid"),
            ("5.00", "EUR", "pay\u{202E}lah", "reference-invalid"), ("5.00", "EUR", "rent\n", "ok"),
            ("5.00", "EUR", "a\u{0007}b", "reference-invalid"),
        ]
    )
    func fields(amount: String, currency: String, reference: String, code: String) {
        do {
            _ = try TransferInstruction(fromAccountID: "a", toAccountID: "b", payeeID: nil, amount: amount, currency: currency, reference: reference)
            #expect(code == "ok")
        } catch {
            #expect(error.code == code)
        }
    }

    @Test("the fingerprint ignores nothing that matters and is unambiguous")
    func fingerprint() throws {
        let one = try TransferInstruction(fromAccountID: "a", toAccountID: "b", payeeID: nil, amount: "5.00", currency: "EUR", reference: "x|y")
        let two = try TransferInstruction(fromAccountID: "a", toAccountID: "b", payeeID: nil, amount: "5.00", currency: "EUR", reference: "x")
        let three = try TransferInstruction(fromAccountID: "a", toAccountID: nil, payeeID: "b", amount: "5.00", currency: "EUR", reference: "x|y")
        #expect(Set([one.fingerprint, two.fingerprint, three.fingerprint]).count == 3)
        #expect(throws: BankingError(code: "malformed-request", reason: "")) {
            try TransferInstruction(fromAccountID: "a", toAccountID: "b", payeeID: "c", amount: "5.00", currency: "EUR", reference: nil)
        }
    }
}
