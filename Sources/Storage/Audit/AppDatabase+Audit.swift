public import Foundation
import GRDB

extension AppDatabase {
    /// Writes one security event.
    public func recordAudit(_ event: AuditEventRecord) throws(StorageError) {
        try write { db in try event.insert(db) }
    }

    /// The newest events first, for one user or everyone, at most `limit`.
    public func auditEvents(userID: String? = nil, limit: Int) throws(StorageError) -> [AuditEventRecord] {
        try read { db in
            var request = AuditEventRecord.order(Column("id").desc).limit(limit)
            if let userID { request = request.filter(Column("userID") == userID) }
            return try request.fetchAll(db)
        }
    }
}

extension AppDatabase {
    /// Renames one of a person's passkeys.
    /// - Throws: `StorageError` `passkey-not-found` when it is not theirs.
    public func renameCredential(id: Data, userID: String, name: String, audit: AuditEventRecord) throws(StorageError) -> CredentialRecord {
        try write { db in
            guard var credential = try CredentialRecord.filter(Column("id") == id && Column("userID") == userID).fetchOne(db) else {
                throw StorageError(code: "passkey-not-found", reason: "No passkey of yours has that id.")
            }
            credential.name = name
            try credential.update(db, columns: ["name"])
            try audit.insert(db)
            return credential
        }
    }

    /// Removes one of a person's passkeys, never their last way to sign in (a passkey, or a password).
    ///
    /// Everything the passkey minted is evicted in the same transaction (`evict`): the sessions that
    /// used it and their grants, except `keptSessionID`, the remover's own session.
    /// - Throws: `StorageError` `passkey-not-found`, `last-sign-in-method`.
    public func removeCredential(id: Data, userID: String, keepingSession keptSessionID: String?, audit: AuditEventRecord) throws(StorageError) {
        try write { db in
            guard try CredentialRecord.filter(Column("id") == id && Column("userID") == userID).fetchCount(db) == 1,
                let user = try UserRecord.fetchOne(db, key: userID)
            else {
                throw StorageError(code: "passkey-not-found", reason: "No passkey of yours has that id.")
            }
            let remaining = try CredentialRecord.filter(Column("userID") == userID).fetchCount(db) - 1
            guard remaining > 0 || user.passwordHash != nil else {
                throw StorageError(
                    code: "last-sign-in-method",
                    reason: "This is your only way to sign in, so it can’t be removed. Add another passkey first."
                )
            }
            try CredentialRecord.filter(Column("id") == id).deleteAll(db)
            try Self.evict(db, credentialID: id, keepingSession: keptSessionID, at: audit.at)
            try audit.insert(db)
        }
    }
}
