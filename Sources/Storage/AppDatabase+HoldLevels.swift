import GRDB

extension AppDatabase {
    /// `v7-hold-level`: the level a held passkey gives until its hold ends (`phr`, or `pwd` for one
    /// added from a password-only session).
    static func addHoldLevels(_ db: Database) throws {
        try db.alter(table: "credential") { table in table.add(column: "holdLevel", .text) }
    }
}
