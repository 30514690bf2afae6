public import Foundation
import GRDB

extension AppDatabase {
    /// `v10-consents`: what each person agreed to give each third-party client, and, on a pending
    /// request, who was asked to consent and what they answered.
    static func createConsentTable(_ db: Database) throws {
        try db.create(table: ConsentRecord.databaseTableName) { table in
            table.column("userID", .text).notNull().references("user", onDelete: .cascade)
            table.column("clientID", .text).notNull()
            table.column("scopes", .text).notNull()
            table.column("grantedAt", .datetime).notNull()
            table.primaryKey(["userID", "clientID"])
        }
        try db.alter(table: PendingAuthorizationRecord.databaseTableName) { table in
            table.add(column: "consentUserID", .text)
            table.add(column: "consentDecision", .text)
        }
    }

    /// What `userID` agreed to give `clientID`, if anything.
    public func consent(userID: String, clientID: String) throws(StorageError) -> ConsentRecord? {
        try read { db in try ConsentRecord.fetchOne(db, key: ["userID": userID, "clientID": clientID]) }
    }

    /// Every consent `userID` has given, by client id.
    public func consents(userID: String) throws(StorageError) -> [ConsentRecord] {
        try read { db in try ConsentRecord.filter(Column("userID") == userID).order(Column("clientID")).fetchAll(db) }
    }

    /// Marks a pending request as waiting for `userID`'s consent (a fresh question: any earlier
    /// answer, by whoever was signed in then, is forgotten).
    public func askConsent(requestID: String, userID: String, now: Date) throws(StorageError) {
        try write { db in
            try db.execute(
                sql: "UPDATE authorizationRequest SET consentUserID = ?, consentDecision = NULL WHERE id = ? AND expiresAt > ?",
                arguments: [userID, requestID, now]
            )
        }
    }

    /// Records the answer of `userID` to the consent question of a pending request, in one
    /// transaction: the answer, the consent itself when approved (added to what they gave the client
    /// before), and `audit`.
    ///
    /// - Throws: `StorageError` `authorization-request-unknown` when the request is unknown, expired,
    ///   not waiting for a consent, or already answered; `consent-other-account` when another person
    ///   was asked.
    public func answerConsent(
        requestID: String,
        userID: String,
        decision: PendingAuthorizationRecord.ConsentDecision,
        clientID: String,
        scopes: [String],
        now: Date,
        audit: AuditEventRecord
    ) throws(StorageError) {
        try write { db in
            guard var pending = try PendingAuthorizationRecord.fetchOne(db, key: requestID), now < pending.expiresAt,
                let asked = pending.consentUserID, pending.consentDecision == nil
            else {
                throw StorageError(code: "authorization-request-unknown", reason: "No consent question is open for this request.")
            }
            guard asked == userID else {
                throw StorageError(code: "consent-other-account", reason: "This request asks another account for consent.")
            }
            pending.consentDecision = decision
            try pending.update(db, columns: ["consentDecision"])
            if decision == .approved {
                let given = try ConsentRecord.fetchOne(db, key: ["userID": userID, "clientID": clientID])
                let consent = ConsentRecord(userID: userID, clientID: clientID, scopes: (given?.scopeSet ?? []).union(scopes), grantedAt: now)
                try consent.save(db)
            }
            try audit.insert(db)
        }
    }

    /// Withdraws what `userID` gave `clientID`, and revokes every grant the client holds for them, in
    /// one transaction with `audit`: its access and refresh tokens stop working at once.
    ///
    /// - Throws: `StorageError` `consent-not-found` when there is no such consent.
    public func withdrawConsent(userID: String, clientID: String, audit: AuditEventRecord) throws(StorageError) {
        try write { db in
            guard try ConsentRecord.deleteOne(db, key: ["userID": userID, "clientID": clientID]) else {
                throw StorageError(code: "consent-not-found", reason: "You have not given that app access.")
            }
            try Self.revokeGrants(db, sql: "userID = ? AND clientID = ?", arguments: [userID, clientID], at: audit.at)
            try audit.insert(db)
        }
    }
}
