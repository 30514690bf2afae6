import Banking
import Foundation
import Storage

/// The JSON shapes of the banking API (docs/banking-api.md).
enum BankingWire {
    /// A stored compact account number as people read it, in groups of four.
    static func printed(_ compact: String) -> String {
        (try? AccountNumber(parsing: compact).description) ?? compact
    }

    struct MoneyJSON: Codable, Equatable {
        var amount: String
        var currency: String

        init(_ money: Money) {
            amount = money.decimalString
            currency = money.currency.code
        }

        init(units: Int64, currency code: String) {
            let currency = (try? Currency(code: code)) ?? .euro
            self.init(Money(minorUnits: units, currency: currency))
        }
    }

    struct Account: Encodable {
        var id: String
        var name: String
        var number: String
        var balance: MoneyJSON

        init(_ record: BankAccountRecord) {
            id = record.id
            name = record.name
            number = BankingWire.printed(record.number)
            balance = MoneyJSON(units: record.balance, currency: record.currency)
        }
    }

    struct Accounts: Encodable { var accounts: [Account] }

    struct Counterparty: Encodable {
        var name: String
        var number: String
    }

    struct Transaction: Encodable {
        var id: String
        var transferId: String
        var amount: MoneyJSON
        var balanceAfter: MoneyJSON
        var counterparty: Counterparty
        var reference: String
        var createdAt: Date

        init(_ line: LedgerLine, currency: String) {
            id = String(line.id)
            transferId = line.transferID
            amount = MoneyJSON(units: line.amount, currency: currency)
            balanceAfter = MoneyJSON(units: line.balanceAfter, currency: currency)
            counterparty = Counterparty(
                name: line.counterpartyName,
                number: BankingWire.printed(line.counterpartyNumber)
            )
            reference = line.reference
            createdAt = line.createdAt
        }
    }

    struct Transactions: Encodable {
        var transactions: [Transaction]
        /// `null` on the last page: encoded explicitly.
        var nextCursor: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(transactions, forKey: .transactions)
            try container.encode(nextCursor, forKey: .nextCursor)
        }

        enum CodingKeys: String, CodingKey { case transactions, nextCursor }
    }

    struct Payee: Encodable {
        var id: String
        var name: String
        var number: String
        var createdAt: Date

        init(_ record: PayeeRecord) {
            id = record.id
            name = record.name
            number = BankingWire.printed(record.number)
            createdAt = record.createdAt
        }
    }

    struct Payees: Encodable { var payees: [Payee] }
    struct OnePayee: Encodable { var payee: Payee }

    struct Transfer: Encodable {
        var id: String
        var fromAccountId: String
        var toAccountId: String?
        var payeeId: String?
        var amount: MoneyJSON
        var reference: String
        var createdAt: Date

        init(_ record: TransferRecord) {
            id = record.id
            fromAccountId = record.fromAccountID
            // Another customer's account id is theirs: a payee transfer names the payee only.
            toAccountId = record.payeeID == nil ? record.toAccountID : nil
            payeeId = record.payeeID
            amount = MoneyJSON(units: record.amount, currency: record.currency)
            reference = record.reference
            createdAt = record.createdAt
        }
    }

    struct OneTransfer: Encodable { var transfer: Transfer }
    struct Transfers: Encodable { var transfers: [Transfer] }

    struct StepUpSettings: Encodable {
        var threshold: MoneyJSON
        var maxAge: Int
    }

    struct Me: Encodable {
        var id: String
        var username: String
        var displayName: String
        /// The WebAuthn user handle (base64url), for the Signal API.
        var userHandle: String
        var acr: String
        var authTime: Date
        var stepUp: StepUpSettings
        var dailyLimit: MoneyJSON
        var dailyRemaining: MoneyJSON
    }
}

/// A JSON value expected to be a string: anything else is kept as "not a string", so a number where
/// an amount belongs is `amount-invalid`, not a parse failure of the whole body.
struct LooseString: Decodable {
    var string: String?

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        string = try? container.decode(String.self)
    }
}
