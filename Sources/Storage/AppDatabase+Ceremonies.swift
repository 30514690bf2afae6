public import Foundation
import GRDB

extension AppDatabase {
    /// Stores a new ceremony.
    /// - Throws: `StorageError` `database-unavailable`.
    public func insert(_ ceremony: CeremonyRecord) throws(StorageError) {
        try write { db in try ceremony.insert(db) }
    }

    /// The ceremony the browser answers, if it may still be answered.
    /// - Throws: `StorageError` `ceremony-unknown` (no such id, or another kind), `ceremony-expired`,
    ///   `ceremony-used`.
    public func openCeremony(id: String, kind: CeremonyRecord.Kind, now: Date) throws(StorageError) -> CeremonyRecord {
        let record = try read { db in try CeremonyRecord.fetchOne(db, key: id) }
        return try Self.checkOpen(record, kind: kind, now: now)
    }

    /// Removes ceremonies that expired before `cutoff`; returns how many.
    @discardableResult
    public func purgeCeremonies(expiredBefore cutoff: Date) throws(StorageError) -> Int {
        try write { db in try CeremonyRecord.filter(Column("expiresAt") < cutoff).deleteAll(db) }
    }

    /// Marks the ceremony used inside a write transaction, refusing one that was used or expired in
    /// the meantime: of two concurrent answers to one challenge, exactly one wins.
    static func consumeCeremony(_ db: Database, id: String, kind: CeremonyRecord.Kind, now: Date) throws -> CeremonyRecord {
        let record = try checkOpen(try CeremonyRecord.fetchOne(db, key: id), kind: kind, now: now)
        try db.execute(
            sql: "UPDATE ceremony SET consumedAt = ? WHERE id = ? AND consumedAt IS NULL",
            arguments: [now, id]
        )
        guard db.changesCount == 1 else {
            throw StorageError(code: "ceremony-used", reason: "This sign-in or registration was already completed.")
        }
        return record
    }

    static func checkOpen(_ record: CeremonyRecord?, kind: CeremonyRecord.Kind, now: Date) throws(StorageError) -> CeremonyRecord {
        guard let record, record.kind == kind else {
            throw StorageError(code: "ceremony-unknown", reason: "There is no such ceremony in progress.")
        }
        guard record.consumedAt == nil else {
            throw StorageError(code: "ceremony-used", reason: "This sign-in or registration was already completed.")
        }
        guard record.expiresAt > now else {
            throw StorageError(code: "ceremony-expired", reason: "This sign-in or registration took too long and expired.")
        }
        return record
    }
}
