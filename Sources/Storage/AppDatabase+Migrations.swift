import GRDB

extension AppDatabase {
    /// Every schema change, in order. A migration, once released, is never edited: add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-foundation") { db in
            // Facts about this installation (its id, when it was created), and a place for
            // server-wide state that later migrations give their own tables to.
            try db.create(table: "installation") { table in
                table.column("key", .text).primaryKey()
                table.column("value", .text).notNull()
            }
        }
        migrator.registerMigration("v3-accounts", migrate: createAccountTables)
        migrator.registerMigration("v4-oauth", migrate: createOAuthTables)
        migrator.registerMigration("v5-banking", migrate: createBankingTables)
        migrator.registerMigration("v6-username-key", migrate: addUsernameKeys)
        migrator.registerMigration("v7-hold-level", migrate: addHoldLevels)
        migrator.registerMigration("v8-grants", migrate: createGrantTable)
        migrator.registerMigration("v9-transfer-confirmation", migrate: addTransferConfirmation)
        migrator.registerMigration("v10-consents", migrate: createConsentTable)
        return migrator
    }
}
