import GRDB

extension AppDatabase {
    /// `v9-transfer-confirmation`: whether a fresh `phrh` confirmed each transfer, so payments to
    /// payees add up towards the step-up threshold only since the last confirmed one.
    static func addTransferConfirmation(_ db: Database) throws {
        try db.alter(table: "transfer") { table in table.add(column: "confirmedWithStepUp", .boolean).notNull().defaults(to: false) }
    }
}
