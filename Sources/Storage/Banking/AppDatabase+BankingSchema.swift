import Banking
import Foundation
import GRDB

extension AppDatabase {
    /// Accounts, payees, the double-entry ledger, idempotency records and the audit log.
    static func createBankingTables(_ db: Database) throws {
        try db.create(table: "bankAccount") { table in
            table.column("id", .text).primaryKey()
            table.column("userID", .text).notNull().indexed().references("user", onDelete: .restrict)
            table.column("position", .integer).notNull()
            table.column("name", .text).notNull()
            table.column("number", .text).notNull().unique()
            table.column("currency", .text).notNull()
            // The ledger's invariant, enforced by the database too: no balance is ever negative.
            table.column("balance", .integer).notNull().check { $0 >= 0 }
            table.column("createdAt", .datetime).notNull()
        }
        try db.create(table: "payee") { table in
            table.column("id", .text).primaryKey()
            table.column("userID", .text).notNull().references("user", onDelete: .restrict)
            table.column("name", .text).notNull()
            table.column("number", .text).notNull()
            table.column("accountID", .text).notNull().references("bankAccount", onDelete: .restrict)
            table.column("createdAt", .datetime).notNull()
            table.uniqueKey(["userID", "number"])
        }
        try db.create(table: "transfer") { table in
            table.column("id", .text).primaryKey()
            table.column("userID", .text).notNull().references("user", onDelete: .restrict)
            table.column("fromAccountID", .text).notNull().references("bankAccount", onDelete: .restrict)
            table.column("toAccountID", .text).notNull().references("bankAccount", onDelete: .restrict)
            table.column("payeeID", .text).references("payee", onDelete: .restrict)
            table.column("amount", .integer).notNull().check { $0 > 0 }
            table.column("currency", .text).notNull()
            table.column("reference", .text).notNull()
            table.column("createdAt", .datetime).notNull()
            table.check(sql: "fromAccountID <> toAccountID")
        }
        try db.create(index: "transfer_on_userID_createdAt", on: "transfer", columns: ["userID", "createdAt"])
        try db.create(table: "ledgerEntry") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("transferID", .text).notNull().indexed().references("transfer", onDelete: .restrict)
            table.column("accountID", .text).notNull().references("bankAccount", onDelete: .restrict)
            // Signed: a debit is negative, its credit positive; the two of a transfer sum to zero.
            table.column("amount", .integer).notNull().check { $0 != 0 }
            table.column("balanceAfter", .integer).notNull().check { $0 >= 0 }
            table.column("createdAt", .datetime).notNull()
        }
        try db.create(index: "ledgerEntry_on_accountID_id", on: "ledgerEntry", columns: ["accountID", "id"])
        try db.create(table: "idempotentRequest") { table in
            table.column("userID", .text).notNull().references("user", onDelete: .cascade)
            table.column("key", .text).notNull()
            table.column("fingerprint", .text).notNull()
            table.column("status", .integer).notNull()
            table.column("body", .blob).notNull()
            table.column("createdAt", .datetime).notNull()
            table.column("expiresAt", .datetime).notNull().indexed()
            table.primaryKey(["userID", "key"])
        }
        try db.create(table: "auditEvent") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("at", .datetime).notNull()
            table.column("userID", .text).indexed().references("user", onDelete: .setNull)
            table.column("kind", .text).notNull()
            table.column("outcome", .text).notNull()
            table.column("detail", .text).notNull()
            table.column("address", .text)
        }
        // People who signed up before accounts existed get theirs now.
        let users = try String.fetchAll(db, sql: "SELECT id FROM user WHERE id NOT IN (SELECT userID FROM bankAccount)")
        for userID in users { try openStandardAccounts(db, userID: userID, now: Date()) }
    }

    /// Opens Everyday and Savings with their demo money (DESIGN.md flow 1), with fresh numbers.
    static func openStandardAccounts(_ db: Database, userID: String, now: Date) throws {
        var generator = SystemRandomNumberGenerator()
        for (position, opening) in AccountOpening.standard.enumerated() {
            var number: AccountNumber
            repeat {
                number = AccountNumber(serial: UInt64.random(in: 0..<10_000_000_000, using: &generator))
            } while try BankAccountRecord.filter(Column("number") == number.compact).fetchCount(db) > 0
            try BankAccountRecord(
                id: UUID().uuidString.lowercased(),
                userID: userID,
                position: position,
                name: opening.name,
                number: number.compact,
                currency: opening.openingBalance.currency.code,
                balance: opening.openingBalance.minorUnits,
                createdAt: now
            ).insert(db)
        }
    }
}
