/// A validated request to move money: from one of the person's accounts to another of theirs or
/// to a payee. Whether the accounts exist and belong to the person is checked where they are stored.
public struct TransferInstruction: Sendable, Hashable {
    /// Where the money goes.
    public enum Destination: Sendable, Hashable {
        case ownAccount(id: String)
        case payee(id: String)
    }

    public let fromAccountID: String
    public let destination: Destination
    /// Always positive.
    public let amount: Money
    /// The person's note for the transfer; may be empty.
    public let reference: String

    /// The longest reference (the SEPA remittance information limit).
    public static let maximumReferenceLength = 140

    /// Validates the fields of a transfer request as they arrived.
    /// - Throws: `malformed-request` when the accounts are missing or both destinations are given,
    ///   `currency-invalid`, `amount-invalid`, `amount-not-positive`, `reference-invalid`.
    public init(
        fromAccountID: String?,
        toAccountID: String?,
        payeeID: String?,
        amount: String?,
        currency: String?,
        reference: String?
    ) throws(BankingError) {
        guard let fromAccountID, !fromAccountID.isEmpty, fromAccountID.utf8.count <= 64 else {
            throw BankingError(code: "malformed-request", reason: "fromAccountId is required.")
        }
        switch (toAccountID, payeeID) {
        case (let account?, nil) where !account.isEmpty && account.utf8.count <= 64:
            destination = .ownAccount(id: account)
        case (nil, let payee?) where !payee.isEmpty && payee.utf8.count <= 64:
            destination = .payee(id: payee)
        default:
            throw BankingError(code: "malformed-request", reason: "Give exactly one of toAccountId and payeeId.")
        }
        let currency = try Currency(code: currency ?? "")
        guard let amount else { throw BankingError.amountInvalid(currency) }
        let money = try Money(decimal: amount, currency: currency)
        guard money.isPositive else {
            throw BankingError(code: "amount-not-positive", reason: "The amount must be more than zero.")
        }
        self.fromAccountID = fromAccountID
        self.amount = money
        self.reference = try DisplayText.validate(
            reference,
            maxLength: Self.maximumReferenceLength,
            required: false,
            code: "reference-invalid",
            what: "the reference"
        )
    }

    /// The request in one canonical line, so that "the same body" means the same transfer whatever
    /// the JSON's key order or spacing (the idempotency check compares these).
    public var fingerprint: String {
        let to: String
        switch destination {
        case .ownAccount(let id): to = "account:\(id)"
        case .payee(let id): to = "payee:\(id)"
        }
        return [fromAccountID, to, amount.decimalString, amount.currency.code, reference]
            .map { "\($0.utf8.count):\($0)" }
            .joined(separator: "|")
    }
}
