/// An ISO 4217 currency this bank knows, with its number of minor digits.
public struct Currency: Sendable, Hashable, CustomStringConvertible {
    /// The three-letter code (`EUR`).
    public let code: String
    /// Digits after the decimal point (2 for EUR, 0 for JPY).
    public let minorDigits: Int

    /// The bank's own currency: every account is opened in euros.
    public static let euro = Currency(code: "EUR", minorDigits: 2)

    /// ISO 4217 codes accepted on the wire; amounts in any of them are refused for a euro account
    /// with `currency-mismatch` rather than `currency-invalid`.
    public static let known: [String: Currency] = {
        let table: [(String, Int)] = [
            ("EUR", 2), ("USD", 2), ("GBP", 2), ("CHF", 2), ("SEK", 2), ("NOK", 2), ("DKK", 2),
            ("PLN", 2), ("CZK", 2), ("HUF", 2), ("CAD", 2), ("AUD", 2), ("JPY", 0), ("KWD", 3),
        ]
        return Dictionary(uniqueKeysWithValues: table.map { ($0.0, Currency(code: $0.0, minorDigits: $0.1)) })
    }()

    init(code: String, minorDigits: Int) {
        self.code = code
        self.minorDigits = minorDigits
    }

    /// The currency with this ISO 4217 code (upper case, exactly as on the wire).
    /// - Throws: `currency-invalid` for any other text.
    public init(code: String) throws(BankingError) {
        guard let known = Self.known[code] else {
            throw BankingError(code: "currency-invalid", reason: "The currency must be an ISO 4217 code such as \"EUR\".")
        }
        self = known
    }

    public var description: String { code }
}
