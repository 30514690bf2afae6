public import Banking
public import Foundation
public import GRDB

/// A line of an account's history, with who was on the other side.
public struct LedgerLine: Sendable, Equatable, FetchableRecord, Decodable {
    public var id: Int64
    public var transferID: String
    public var amount: Int64
    public var balanceAfter: Int64
    public var createdAt: Date
    public var reference: String
    public var counterpartyName: String
    public var counterpartyNumber: String
}

extension AppDatabase {
    /// A person's accounts, Everyday first.
    public func bankAccounts(userID: String) throws(StorageError) -> [BankAccountRecord] {
        try read { db in try BankAccountRecord.filter(Column("userID") == userID).order(Column("position"), Column("id")).fetchAll(db) }
    }

    /// One of a person's own accounts; `nil` for anyone else's.
    public func bankAccount(id: String, userID: String) throws(StorageError) -> BankAccountRecord? {
        try read { db in try BankAccountRecord.filter(Column("id") == id && Column("userID") == userID).fetchOne(db) }
    }

    /// An account's history, newest first: entries older than `before` (a ledger entry id), at most `limit`.
    public func ledgerLines(accountID: String, before: Int64?, limit: Int) throws(StorageError) -> [LedgerLine] {
        try read { db in
            try LedgerLine.fetchAll(
                db,
                sql: """
                    SELECT e.id, e.transferID, e.amount, e.balanceAfter, e.createdAt, t.reference,
                      CASE WHEN e.amount < 0 THEN COALESCE(p.name, c.name)
                           WHEN t.userID = a.userID THEN c.name ELSE u.displayName END AS counterpartyName,
                      c.number AS counterpartyNumber
                    FROM ledgerEntry e
                    JOIN transfer t ON t.id = e.transferID
                    JOIN bankAccount a ON a.id = e.accountID
                    JOIN bankAccount c ON c.id = CASE WHEN e.amount < 0 THEN t.toAccountID ELSE t.fromAccountID END
                    LEFT JOIN payee p ON p.id = t.payeeID
                    JOIN user u ON u.id = t.userID
                    WHERE e.accountID = ? AND e.id < ?
                    ORDER BY e.id DESC LIMIT ?
                    """,
                arguments: [accountID, before ?? Int64.max, limit]
            )
        }
    }

    /// A person's transfers, newest first.
    public func transfers(userID: String, limit: Int) throws(StorageError) -> [TransferRecord] {
        try read { db in
            try TransferRecord.filter(Column("userID") == userID).order(Column("createdAt").desc, Column("rowid").desc).limit(limit).fetchAll(db)
        }
    }

    /// The sum of every balance in the bank (what double entry keeps constant).
    public func totalBalance() throws(StorageError) -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(balance), 0) FROM bankAccount") ?? 0 }
    }

    /// What a person sent to payees since `start`, in minor units.
    static func sentToPayees(_ db: Database, userID: String, since start: Date) throws -> Int64 {
        try Int64.fetchOne(
            db,
            sql: "SELECT COALESCE(SUM(amount), 0) FROM transfer WHERE userID = ? AND payeeID IS NOT NULL AND createdAt >= ?",
            arguments: [userID, start]
        ) ?? 0
    }

    /// What went to payees after `start` and after the person's last transfer confirmed with step-up
    /// ("after" in commit order, the rowid: several transfers can share one second).
    static func sentToPayeesSinceStepUp(_ db: Database, userID: String, since start: Date) throws -> Int64 {
        try Int64.fetchOne(
            db,
            sql: """
                SELECT COALESCE(SUM(amount), 0) FROM transfer
                WHERE userID = ? AND payeeID IS NOT NULL AND createdAt > ?
                AND rowid > COALESCE((SELECT MAX(rowid) FROM transfer WHERE userID = ? AND confirmedWithStepUp), 0)
                """,
            arguments: [userID, start, userID]
        ) ?? 0
    }

    /// What a person may still send to payees today (UTC), in the limit's currency.
    public func dailyRemaining(userID: String, limit: Money, now: Date) throws(StorageError) -> Money {
        let spent = try read { db in try Self.sentToPayees(db, userID: userID, since: Self.startOfUTCDay(now)) }
        return Money(minorUnits: max(limit.minorUnits - spent, 0), currency: limit.currency)
    }

    static func startOfUTCDay(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
    }
}

extension AppDatabase {
    /// A person's payees, oldest first.
    public func payees(userID: String) throws(StorageError) -> [PayeeRecord] {
        try read { db in try PayeeRecord.filter(Column("userID") == userID).order(Column("createdAt"), Column("id")).fetchAll(db) }
    }

    /// Adds a payee: `number` must be another customer's account, not yet a payee of this person.
    /// The audit event is written in the same transaction.
    /// - Throws: `StorageError` `account-number-unknown`, `payee-own-account`, `payee-exists`.
    public func addPayee(userID: String, name: String, number: AccountNumber, now: Date, audit: AuditEventRecord) throws(StorageError) -> PayeeRecord
    {
        try write { db in
            guard let account = try BankAccountRecord.filter(Column("number") == number.compact).fetchOne(db) else {
                throw StorageError(code: "account-number-unknown", reason: "No Passbank account has the number \(number).")
            }
            guard account.userID != userID else {
                throw StorageError(code: "payee-own-account", reason: "That’s one of your own accounts: move money to it directly.")
            }
            guard try PayeeRecord.filter(Column("userID") == userID && Column("number") == number.compact).fetchCount(db) == 0 else {
                throw StorageError(code: "payee-exists", reason: "You already have a payee with that account number.")
            }
            let payee = PayeeRecord(
                id: UUID().uuidString.lowercased(),
                userID: userID,
                name: name,
                number: number.compact,
                accountID: account.id,
                createdAt: now
            )
            try payee.insert(db)
            var event = audit
            event.detail = Self.merge(event.detail, ["payeeId": payee.id, "number": number.compact])
            try event.insert(db)
            return payee
        }
    }

    static func merge(_ json: String, _ extra: [String: String]) -> String {
        var object = (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:]
        object.merge(extra) { _, new in new }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(object)).map { String(decoding: $0, as: UTF8.self) } ?? json
    }
}
