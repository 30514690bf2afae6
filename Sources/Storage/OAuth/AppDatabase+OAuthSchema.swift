import GRDB

extension AppDatabase {
    /// `v4-oauth`: pending authorization requests, codes, refresh tokens (hashes only), revoked token
    /// families and signing keys.
    static func createOAuthTables(_ db: Database) throws {
        try db.create(table: "authorizationRequest") { table in
            table.column("id", .text).primaryKey()
            table.column("request", .text).notNull()
            table.column("subjectUserID", .text)
            table.column("createdAt", .datetime).notNull()
            table.column("expiresAt", .datetime).notNull().indexed()
        }
        try db.create(table: "authorizationCode") { table in
            table.column("codeHash", .text).primaryKey()
            table.column("familyID", .text).notNull()
            table.column("clientID", .text).notNull()
            table.column("payload", .text).notNull()
            table.column("expiresAt", .datetime).notNull().indexed()
            table.column("isUsed", .boolean).notNull().defaults(to: false)
        }
        try db.create(table: "refreshToken") { table in
            table.column("tokenHash", .text).primaryKey()
            table.column("familyID", .text).notNull().indexed()
            table.column("clientID", .text).notNull()
            table.column("sessionID", .text).notNull().indexed()
            table.column("payload", .text).notNull()
            table.column("absoluteExpiresAt", .datetime).notNull()
            table.column("isUsed", .boolean).notNull().defaults(to: false)
        }
        try db.create(table: "tokenFamilyRevocation") { table in
            table.column("familyID", .text).primaryKey()
            table.column("revokedAt", .datetime).notNull()
        }
        try db.create(table: "signingKey") { table in
            table.column("kid", .text).primaryKey()
            table.column("algorithm", .text).notNull()
            table.column("privateKeyPEM", .text).notNull()
            table.column("createdAt", .datetime).notNull()
            table.column("retiredAt", .datetime)
        }
    }
}
