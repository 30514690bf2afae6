/// A refusal of the banking domain, with a stable `code` and a one-sentence `reason`.
///
/// The codes are the problem codes of the banking API (docs/banking-api.md); PassbankServer maps each
/// to its HTTP status. Equality is by code.
public struct BankingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable, kebab-case identifier (`amount-invalid`, `insufficient-funds`).
    public let code: String
    /// What went wrong, for the person or the developer; never contains secrets.
    public let reason: String

    public init(code: String, reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(reason) (\(code))" }

    public static func == (lhs: BankingError, rhs: BankingError) -> Bool { lhs.code == rhs.code }

    static func amountInvalid(_ currency: Currency) -> BankingError {
        let example = currency.minorDigits == 0 ? "1500" : "1500." + String(repeating: "0", count: currency.minorDigits)
        return BankingError(
            code: "amount-invalid",
            reason: "The amount must be a string of digits with exactly \(currency.minorDigits) decimals for \(currency.code), like \"\(example)\"."
        )
    }
}
