public import Foundation
import GRDB

extension AppDatabase {
    // MARK: Pending authorization requests

    /// Keeps an authorization request while the person signs in.
    public func insert(_ pending: PendingAuthorizationRecord) throws(StorageError) {
        try write { db in try pending.insert(db) }
    }

    /// The pending request with this id, or `nil` when unknown or expired.
    public func pendingAuthorization(id: String, now: Date) throws(StorageError) -> PendingAuthorizationRecord? {
        try read { db in
            guard let pending = try PendingAuthorizationRecord.fetchOne(db, key: id), now < pending.expiresAt else { return nil }
            return pending
        }
    }

    /// Forgets a pending request once it has been answered.
    public func deletePendingAuthorization(id: String) throws(StorageError) {
        _ = try write { db in try PendingAuthorizationRecord.deleteOne(db, key: id) }
    }

    // MARK: Authorization codes

    /// Stores an issued code (its hash only).
    public func insert(_ code: StoredAuthorizationCode) throws(StorageError) {
        try write { db in try code.insert(db) }
    }

    /// The code with this hash, used or not.
    public func authorizationCode(hash: String) throws(StorageError) -> StoredAuthorizationCode? {
        try read { db in try StoredAuthorizationCode.fetchOne(db, key: hash) }
    }

    /// Marks the code used and stores the first refresh token of its family in one transaction.
    ///
    /// - Returns: `false` when the code was already used (a concurrent exchange won the compare-and-set).
    public func redeemAuthorizationCode(hash: String, firstRefreshToken: StoredRefreshToken?) throws(StorageError) -> Bool {
        try write { db in
            try db.execute(sql: "UPDATE authorizationCode SET isUsed = 1 WHERE codeHash = ? AND isUsed = 0", arguments: [hash])
            guard db.changesCount == 1 else { return false }
            try firstRefreshToken?.insert(db)
            return true
        }
    }

    // MARK: Refresh tokens

    /// The refresh token with this hash, used or not.
    public func refreshToken(hash: String) throws(StorageError) -> StoredRefreshToken? {
        try read { db in try StoredRefreshToken.fetchOne(db, key: hash) }
    }

    /// Marks `usedHash` used and stores its successor, atomically.
    ///
    /// - Returns: `false` when the token was already used (a concurrent refresh won the compare-and-set).
    public func rotateRefreshToken(usedHash: String, successor: StoredRefreshToken) throws(StorageError) -> Bool {
        try write { db in
            try db.execute(sql: "UPDATE refreshToken SET isUsed = 1 WHERE tokenHash = ? AND isUsed = 0", arguments: [usedHash])
            guard db.changesCount == 1 else { return false }
            try successor.insert(db)
            return true
        }
    }

    // MARK: Token families

    /// Revokes every token of a family (reuse, revocation); revoking twice is harmless. The entry is
    /// kept as long as the family's grant could have valid tokens (a day when it has none).
    public func revokeTokenFamily(_ familyID: String, at now: Date) throws(StorageError) {
        try write { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO tokenFamilyRevocation (familyID, revokedAt, expiresAt)
                    VALUES (?, ?, COALESCE((SELECT expiresAt FROM oauthGrant WHERE familyID = ?), ?))
                    """,
                arguments: [familyID, now, familyID, now.addingTimeInterval(86_400)]
            )
        }
    }

    /// Whether the family was revoked.
    public func isTokenFamilyRevoked(_ familyID: String) throws(StorageError) -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM tokenFamilyRevocation WHERE familyID = ?)", arguments: [familyID])
                ?? false
        }
    }

    // MARK: Signing keys

    /// Every stored signing key, oldest first.
    public func signingKeys() throws(StorageError) -> [SigningKeyRecord] {
        try read { db in try SigningKeyRecord.order(Column("createdAt"), Column("kid")).fetchAll(db) }
    }

    /// Stores `key` only when no current (unretired) key of its algorithm exists, and returns the
    /// keys then stored: two processes starting together end up with the same keys.
    public func insertSigningKeyIfNoCurrent(_ key: SigningKeyRecord) throws(StorageError) -> [SigningKeyRecord] {
        try write { db in
            let current = try SigningKeyRecord.filter(Column("algorithm") == key.algorithm && Column("retiredAt") == nil).fetchCount(db)
            if current == 0 { try key.insert(db) }
            return try SigningKeyRecord.order(Column("createdAt"), Column("kid")).fetchAll(db)
        }
    }

    /// Replaces the stored key set in one transaction (after a rotation): the listed keys stay or
    /// are added, every other key is deleted.
    public func replaceSigningKeys(with keys: [SigningKeyRecord]) throws(StorageError) {
        try write { db in
            try SigningKeyRecord.deleteAll(db)
            for key in keys { try key.insert(db) }
        }
    }

    /// Deletes pending requests and codes that expired before `cutoff`.
    public func purgeOAuthRecords(expiredBefore cutoff: Date) throws(StorageError) -> Int {
        try write { db in
            let requests = try PendingAuthorizationRecord.filter(Column("expiresAt") < cutoff).deleteAll(db)
            let codes = try StoredAuthorizationCode.filter(Column("expiresAt") < cutoff).deleteAll(db)
            return requests + codes
        }
    }
}
