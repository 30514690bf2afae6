public import Foundation
import GRDB

extension AppDatabase {
    /// `v8-grants`: every code's grant, so that what a session or a passkey minted can be revoked.
    static func createGrantTable(_ db: Database) throws {
        try db.create(table: GrantRecord.databaseTableName) { table in
            table.column("familyID", .text).primaryKey()
            table.column("userID", .text).notNull().references("user", onDelete: .cascade)
            table.column("sessionID", .text).notNull().indexed()
            table.column("credentialID", .blob).indexed()
            table.column("clientID", .text).notNull()
            table.column("createdAt", .datetime).notNull()
            table.column("expiresAt", .datetime).notNull().indexed()
        }
        // The revocation list is kept as long as a revoked family could still be presented.
        try db.alter(table: "tokenFamilyRevocation") { table in table.add(column: "expiresAt", .datetime) }
    }

    /// Stores an issued code (its hash only) with the grant it starts, in one transaction.
    public func insert(_ code: StoredAuthorizationCode, grant: GrantRecord) throws(StorageError) {
        try write { db in
            try grant.insert(db)
            try code.insert(db)
        }
    }

    /// The grant of an access token, or `nil` when it is unknown or its family was revoked.
    public func activeGrant(familyID: String) throws(StorageError) -> GrantRecord? {
        try read { db in
            try GrantRecord.fetchOne(
                db,
                sql: """
                    SELECT * FROM oauthGrant WHERE familyID = ?
                    AND NOT EXISTS (SELECT 1 FROM tokenFamilyRevocation WHERE familyID = oauthGrant.familyID)
                    """,
                arguments: [familyID]
            )
        }
    }

    /// Sign-out: revokes every grant issued in the session and ends it.
    public func endSession(id: String, at now: Date) throws(StorageError) {
        try write { db in
            try Self.revokeGrants(db, sql: "sessionID = ?", arguments: [id], at: now)
            _ = try SessionRecord.deleteOne(db, key: id)
        }
    }

    /// Revokes the families of the grants `condition` selects (an SQL condition on `oauthGrant`).
    static func revokeGrants(_ db: Database, sql condition: String, arguments: StatementArguments, at now: Date) throws {
        try db.execute(
            sql: "INSERT OR IGNORE INTO tokenFamilyRevocation (familyID, revokedAt, expiresAt) SELECT familyID, ?, expiresAt FROM oauthGrant WHERE "
                + condition,
            arguments: [now] + arguments
        )
    }

    /// What a removed passkey minted: every session that signed in or stepped up with it is ended and
    /// every grant that carries it or was issued in such a session is revoked, except `keptSessionID`,
    /// the session of the request that removed it (it has just proved a fresh `phrh`).
    static func evict(_ db: Database, credentialID: Data, keepingSession keptSessionID: String?, at now: Date) throws {
        let kept = keptSessionID ?? ""
        let sessions = try String.fetchAll(
            db,
            sql: "SELECT DISTINCT sessionID FROM sessionEvent WHERE credentialID = ? AND sessionID <> ?",
            arguments: [credentialID, kept]
        )
        try revokeGrants(db, sql: "credentialID = ? AND sessionID <> ?", arguments: [credentialID, kept], at: now)
        for session in sessions {
            try revokeGrants(db, sql: "sessionID = ?", arguments: [session], at: now)
            _ = try SessionRecord.deleteOne(db, key: session)
        }
    }

    /// Deletes grants, and revocations, past the time any of their tokens could be valid.
    public func purgeGrants(expiredBefore cutoff: Date) throws(StorageError) -> Int {
        try write { db in
            let grants = try GrantRecord.filter(Column("expiresAt") < cutoff).deleteAll(db)
            try db.execute(sql: "DELETE FROM tokenFamilyRevocation WHERE expiresAt < ?", arguments: [cutoff])
            return grants + db.changesCount
        }
    }
}
