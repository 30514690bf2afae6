import Banking

/// Money amounts and account numbers as people and clients type them. An input is `CODE:amount`
/// (`EUR:1500.00`, `JPY:-5`) or `acct:number` (`acct:PB12 PASS 0000 0000 01`). Whatever parses must
/// print back identically: an amount as the same text, an account number as a form that parses to itself.
enum MoneyHarness {
    static func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let colon = text.firstIndex(of: ":") else { return }
        let mode = String(text[..<colon])
        let rest = String(text[text.index(after: colon)...])
        if mode == "acct" {
            checkAccountNumber(rest)
        } else if let currency = try? Currency(code: mode) {
            checkAmount(rest, currency: currency)
        }
    }

    static func checkAmount(_ text: String, currency: Currency) {
        guard let money = try? Money(decimal: text, currency: currency) else { return }
        guard money.decimalString == text else {
            fatalError("amount \(text.debugDescription) prints back as \(money.decimalString.debugDescription)")
        }
        guard (try? Money(decimal: money.decimalString, currency: currency)) == money else {
            fatalError("amount \(text.debugDescription) does not parse back")
        }
    }

    static func checkAccountNumber(_ text: String) {
        guard let number = try? AccountNumber(parsing: text) else { return }
        guard let printed = try? AccountNumber(parsing: number.description), printed == number,
            printed.description == number.description,
            (try? AccountNumber(parsing: number.compact)) == number
        else {
            fatalError("account number \(text.debugDescription) does not print back as itself: \(number.description)")
        }
    }
}
