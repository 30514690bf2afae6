import Banking
import Testing

@Suite("Money on the wire: exact decimal strings, integer minor units")
struct MoneyTests {
    @Test(
        "amounts the API accepts, and their minor units",
        arguments: [
            ("0.01", Int64(1)), ("999.99", 99_999), ("1000.00", 100_000), ("0.00", 0), ("-50.00", -5_000),
            ("999999999999999.99", 99_999_999_999_999_999),
        ]
    )
    func accepted(text: String, units: Int64) throws {
        let money = try Money(decimal: text, currency: .euro)
        #expect(money.minorUnits == units)
        // Printing gives back exactly what was parsed.
        #expect(money.decimalString == text)
    }

    @Test(
        "anything else is amount-invalid",
        arguments: [
            "1e3", "0.001", "NaN", "Infinity", "1000", "1000.0", "1,000.00", "01.00", "+5.00", " 5.00", "5.00 ", "", ".50", "5.",
            "1234567890123456789012345", "1000000000000000.00", "５.００", "0x10", "--5.00", "5.0O",
            // Negative zero: it would print back as "0.00" (found by `scripts/fuzz.sh money`).
            "-0.00",
        ]
    )
    func refused(text: String) {
        #expect(throws: BankingError(code: "amount-invalid", reason: "")) { try Money(decimal: text, currency: .euro) }
    }

    @Test("currencies without minor digits take none; with three, three")
    func minorDigits() throws {
        let yen = try Currency(code: "JPY")
        #expect(try Money(decimal: "1500", currency: yen).minorUnits == 1500)
        #expect(throws: BankingError.self) { try Money(decimal: "1500.00", currency: yen) }
        #expect(throws: BankingError(code: "amount-invalid", reason: "")) { try Money(decimal: "-0", currency: yen) }
        #expect(try Money(decimal: "1.005", currency: try Currency(code: "KWD")).decimalString == "1.005")
        #expect(throws: BankingError(code: "currency-invalid", reason: "")) { try Currency(code: "eur") }
        #expect(throws: BankingError(code: "currency-invalid", reason: "")) { try Currency(code: "XYZ") }
    }

    @Test("arithmetic is overflow-checked and refuses mixed currencies")
    func arithmetic() throws {
        let big = Money(minorUnits: .max, currency: .euro)
        #expect(throws: BankingError(code: "amount-out-of-range", reason: "")) { try big.adding(Money(minorUnits: 1, currency: .euro)) }
        #expect(throws: BankingError(code: "amount-out-of-range", reason: "")) { try Money(minorUnits: .min, currency: .euro).negated() }
        #expect(throws: BankingError(code: "currency-mismatch", reason: "")) {
            try Money.zero(.euro).adding(Money(minorUnits: 1, currency: try Currency(code: "USD")))
        }
        #expect(Money(minorUnits: .min, currency: .euro).decimalString == "-92233720368547758.08")
    }
}

@Suite("Account numbers: IBAN-shaped with ISO 7064 MOD 97-10 check digits")
struct AccountNumberTests {
    @Test("generated numbers validate, print in groups of four, and parse back with spaces and lower case")
    func roundTrip() throws {
        for serial: UInt64 in [0, 1, 42, 9_999_999_999, 1_234_567_890] {
            let number = AccountNumber(serial: serial)
            #expect(number.compact.count == 18)
            #expect(try AccountNumber(parsing: number.description) == number)
            #expect(try AccountNumber(parsing: number.description.lowercased()) == number)
        }
    }

    @Test("a changed digit, swapped digits or a wrong shape are caught")
    func refused() {
        let number = AccountNumber(serial: 1_234_567_890).compact
        var changed = Array(number)
        changed[17] = changed[17] == "0" ? "1" : "0"
        var swapped = Array(number)
        swapped.swapAt(12, 13)
        for text in [String(changed), String(swapped), "PB00PASS0000000000", "DE89370400440532013000", "PB12PASS00000000", "", "PB12PASS00000000AB"] {
            #expect(throws: BankingError(code: "account-number-invalid", reason: ""), "\(text)") { try AccountNumber(parsing: text) }
        }
    }
}
