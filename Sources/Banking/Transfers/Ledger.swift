/// The posting rule of the double-entry ledger: one transfer is a debit and an equal credit.
public enum Ledger {
    /// The balances after moving `amount` from the first account to the second.
    /// - Throws: `currency-mismatch` when the amount is not in both accounts' currency,
    ///   `insufficient-funds` when the first balance would go below zero, `amount-out-of-range`
    ///   on overflow.
    public static func post(_ amount: Money, from debited: Money, to credited: Money) throws(BankingError) -> (debited: Money, credited: Money) {
        try debited.sameCurrency(amount)
        try credited.sameCurrency(amount)
        guard amount.isPositive else { throw BankingError(code: "amount-not-positive", reason: "The amount must be more than zero.") }
        let after = try debited.subtracting(amount)
        guard after.minorUnits >= 0 else {
            throw BankingError(
                code: "insufficient-funds",
                reason: "The account has \(debited.decimalString) \(debited.currency.code), less than the \(amount.decimalString) to send."
            )
        }
        return (after, try credited.adding(amount))
    }

    /// Checks a transfer to a payee against what has left the person's accounts for payees today.
    /// - Throws: `daily-limit-exceeded` when `spentToday + amount` would pass `limit`.
    public static func checkDailyLimit(spentToday: Money, amount: Money, limit: Money) throws(BankingError) {
        let total = try spentToday.adding(amount)
        guard limit.isAtLeast(total) else {
            let left = (try? limit.subtracting(spentToday)).map { max($0.minorUnits, 0) } ?? 0
            throw BankingError(
                code: "daily-limit-exceeded",
                reason:
                    "Transfers to payees are limited to \(limit.decimalString) \(limit.currency.code) a day; \(Money(minorUnits: left, currency: limit.currency).decimalString) is left today."
            )
        }
    }
}
