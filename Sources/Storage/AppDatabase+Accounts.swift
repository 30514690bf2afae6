import Banking
public import Foundation
import GRDB

extension AppDatabase {
    public func user(id: String) throws(StorageError) -> UserRecord? {
        try read { db in try UserRecord.fetchOne(db, key: id) }
    }

    /// The account this typed name reaches: compared by `Username.key`, so every spelling of one
    /// name (case, Unicode normalisation, surrounding whitespace) finds the same account.
    public func user(username: String) throws(StorageError) -> UserRecord? {
        try read { db in try UserRecord.filter(Column("usernameKey") == Username.key(username)).fetchOne(db) }
    }

    public func user(userHandle: Data) throws(StorageError) -> UserRecord? {
        try read { db in try UserRecord.filter(Column("userHandle") == userHandle).fetchOne(db) }
    }

    public func credential(id: Data) throws(StorageError) -> CredentialRecord? {
        try read { db in try CredentialRecord.fetchOne(db, key: id) }
    }

    /// A user's passkeys, oldest first.
    public func credentials(userID: String) throws(StorageError) -> [CredentialRecord] {
        try read { db in
            try CredentialRecord.filter(Column("userID") == userID).order(Column("createdAt"), Column("id")).fetchAll(db)
        }
    }

    /// Completes a registration in one transaction: the ceremony is used, the account is opened
    /// (sign-up) and the passkey stored — all of it, or nothing.
    /// - Throws: `StorageError` `ceremony-unknown`/`-expired`/`-used`, `username-taken`,
    ///   `credential-already-registered`.
    public func completeRegistration(
        ceremonyID: String,
        newUser: UserRecord?,
        credential: CredentialRecord,
        now: Date
    ) throws(StorageError) {
        try write { db in
            _ = try Self.consumeCeremony(db, id: ceremonyID, kind: .registration, now: now)
            if let newUser {
                guard try UserRecord.filter(Column("usernameKey") == newUser.usernameKey).fetchCount(db) == 0 else {
                    throw StorageError(code: "username-taken", reason: "That username is already taken.")
                }
                try newUser.insert(db)
                try Self.openStandardAccounts(db, userID: newUser.id, now: now)
            }
            // WebAuthn L3 §7.1 step 26: a credential id registered to anyone is refused.
            guard try !CredentialRecord.exists(db, key: credential.id) else {
                throw StorageError(code: "credential-already-registered", reason: "This passkey is already registered.")
            }
            try credential.insert(db)
        }
    }

    /// Completes a sign-in in one transaction: the ceremony is used and the passkey's counter, backup
    /// state and last use are updated — unless another sign-in with the same passkey changed its
    /// counter in the meantime, which is refused as `credential-changed-concurrently`.
    public func completeAuthentication(
        ceremonyID: String,
        credentialID: Data,
        expectedSignCount: Int64,
        newSignCount: Int64,
        backupState: Bool,
        assurance: String,
        assuranceReasons: String,
        now: Date
    ) throws(StorageError) {
        try write { db in
            _ = try Self.consumeCeremony(db, id: ceremonyID, kind: .authentication, now: now)
            try db.execute(
                sql: """
                    UPDATE credential SET signCount = ?, backupState = ?, lastUsedAt = ?, assurance = ?, assuranceReasons = ?
                    WHERE id = ? AND signCount = ?
                    """,
                arguments: [newSignCount, backupState, now, assurance, assuranceReasons, credentialID, expectedSignCount]
            )
            guard db.changesCount == 1 else {
                throw StorageError(
                    code: "credential-changed-concurrently",
                    reason: "This passkey was used by another sign-in at the same moment."
                )
            }
        }
    }
}

extension AppDatabase {
    /// Opens an account without a passkey (a legacy account that signs in with its password).
    /// - Throws: `StorageError` `username-taken`.
    public func insertUser(_ user: UserRecord) throws(StorageError) {
        try write { db in
            guard try UserRecord.filter(Column("usernameKey") == user.usernameKey).fetchCount(db) == 0 else {
                throw StorageError(code: "username-taken", reason: "That username is already taken.")
            }
            try user.insert(db)
            try Self.openStandardAccounts(db, userID: user.id, now: user.createdAt)
        }
    }

    /// Sets (or, with `nil`, removes) an account's legacy password hash.
    /// - Returns: `false` when there is no such account.
    public func setPasswordHash(username: String, to hash: String?) throws(StorageError) -> Bool {
        try write { db in
            try UserRecord.filter(Column("usernameKey") == Username.key(username))
                .updateAll(db, Column("passwordHash").set(to: hash)) == 1
        }
    }
}
