/// An amount of money: integer minor units (cents) and a currency. Never floating point.
public struct Money: Sendable, Hashable, CustomStringConvertible {
    /// Minor units; negative for money going out in a history.
    public let minorUnits: Int64
    public let currency: Currency

    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Zero in `currency`.
    public static func zero(_ currency: Currency) -> Money { Money(minorUnits: 0, currency: currency) }

    public var isPositive: Bool { minorUnits > 0 }

    /// The sum, in the same currency.
    /// - Throws: `currency-mismatch` for two currencies, `amount-out-of-range` on overflow.
    public func adding(_ other: Money) throws(BankingError) -> Money {
        try sameCurrency(other)
        let (sum, overflow) = minorUnits.addingReportingOverflow(other.minorUnits)
        guard !overflow else { throw Self.outOfRange }
        return Money(minorUnits: sum, currency: currency)
    }

    /// The difference, in the same currency.
    /// - Throws: `currency-mismatch` for two currencies, `amount-out-of-range` on overflow.
    public func subtracting(_ other: Money) throws(BankingError) -> Money {
        try sameCurrency(other)
        let (difference, overflow) = minorUnits.subtractingReportingOverflow(other.minorUnits)
        guard !overflow else { throw Self.outOfRange }
        return Money(minorUnits: difference, currency: currency)
    }

    /// The same amount with the opposite sign.
    /// - Throws: `amount-out-of-range` for `Int64.min`.
    public func negated() throws(BankingError) -> Money {
        guard minorUnits != .min else { throw Self.outOfRange }
        return Money(minorUnits: -minorUnits, currency: currency)
    }

    /// Whether `self` is at least `other`; false across currencies.
    public func isAtLeast(_ other: Money) -> Bool { currency == other.currency && minorUnits >= other.minorUnits }

    public var description: String { "\(decimalString) \(currency.code)" }

    func sameCurrency(_ other: Money) throws(BankingError) {
        guard currency == other.currency else {
            throw BankingError(
                code: "currency-mismatch",
                reason: "The amount is in \(other.currency.code), but the account holds \(currency.code)."
            )
        }
    }

    static let outOfRange = BankingError(code: "amount-out-of-range", reason: "The amount is larger than this bank can hold.")
}
