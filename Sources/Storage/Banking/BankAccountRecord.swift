public import Foundation
public import GRDB

/// One of a customer's accounts, with its balance in minor units.
public struct BankAccountRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "bankAccount"

    public var id: String
    public var userID: String
    /// Order on screen: Everyday first.
    public var position: Int
    public var name: String
    /// The compact account number (`PB12PASS0000000001`).
    public var number: String
    public var currency: String
    public var balance: Int64
    public var createdAt: Date

    public init(id: String, userID: String, position: Int, name: String, number: String, currency: String, balance: Int64, createdAt: Date) {
        self.id = id
        self.userID = userID
        self.position = position
        self.name = name
        self.number = number
        self.currency = currency
        self.balance = balance
        self.createdAt = createdAt
    }
}

/// A customer's payee: a name and another customer's account.
public struct PayeeRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "payee"

    public var id: String
    public var userID: String
    public var name: String
    public var number: String
    public var accountID: String
    public var createdAt: Date

    public init(id: String, userID: String, name: String, number: String, accountID: String, createdAt: Date) {
        self.id = id
        self.userID = userID
        self.name = name
        self.number = number
        self.accountID = accountID
        self.createdAt = createdAt
    }
}

/// A completed transfer; its two ledger entries say which balances it moved.
public struct TransferRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "transfer"

    public var id: String
    public var userID: String
    public var fromAccountID: String
    public var toAccountID: String
    public var payeeID: String?
    public var amount: Int64
    public var currency: String
    public var reference: String
    public var createdAt: Date
    /// Whether a fresh `phrh` confirmed it: payments to payees count towards the step-up threshold
    /// only since the last such transfer.
    public var confirmedWithStepUp: Bool = false
}

/// One side of a transfer on one account: negative for a debit.
public struct LedgerEntryRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "ledgerEntry"

    public var id: Int64?
    public var transferID: String
    public var accountID: String
    public var amount: Int64
    public var balanceAfter: Int64
    public var createdAt: Date

    public init(transferID: String, accountID: String, amount: Int64, balanceAfter: Int64, createdAt: Date) {
        self.id = nil
        self.transferID = transferID
        self.accountID = accountID
        self.amount = amount
        self.balanceAfter = balanceAfter
        self.createdAt = createdAt
    }
}

/// The first answer to a transfer request, kept under its idempotency key.
struct IdempotentRequestRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "idempotentRequest"

    var userID: String
    var key: String
    var fingerprint: String
    var status: Int
    var body: Data
    var createdAt: Date
    var expiresAt: Date
}
