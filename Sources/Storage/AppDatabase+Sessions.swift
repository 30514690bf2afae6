public import Foundation
import GRDB

extension AppDatabase {
    /// Starts a session with its first authentication event, replacing `previousSessionID` (a new id
    /// at every sign-in and step-up: session fixation, RFC 9700 §4.x / OWASP). The events of the
    /// previous session move over only when it belonged to the same user.
    public func startSession(
        _ session: SessionRecord,
        event: SessionEventRecord,
        replacing previousSessionID: String?
    ) throws(StorageError) {
        try write { db in
            try session.insert(db)
            if let previousSessionID, let previous = try SessionRecord.fetchOne(db, key: previousSessionID) {
                if previous.userID == session.userID {
                    // The same person's session continues under a new id: its events, and the grants
                    // issued in it (so that signing out later revokes them too).
                    try db.execute(
                        sql: "UPDATE sessionEvent SET sessionID = ? WHERE sessionID = ?",
                        arguments: [session.id, previousSessionID]
                    )
                    try db.execute(sql: "UPDATE oauthGrant SET sessionID = ? WHERE sessionID = ?", arguments: [session.id, previousSessionID])
                }
                _ = try previous.delete(db)
            }
            var event = event
            event.sessionID = session.id
            try event.insert(db)
        }
    }

    /// The active session with this id and its events (newest first), touching its idle lifetime;
    /// `nil` when unknown or expired (an expired one is deleted).
    public func activeSession(
        id: String,
        now: Date,
        idleTimeout: TimeInterval
    ) throws(StorageError) -> (
        session: SessionRecord, events: [SessionEventRecord]
    )? {
        try write { db in
            guard var session = try SessionRecord.fetchOne(db, key: id) else { return nil }
            guard session.isActive(at: now) else {
                _ = try session.delete(db)
                return nil
            }
            session.lastSeenAt = now
            session.idleExpiresAt = min(now.addingTimeInterval(idleTimeout), session.absoluteExpiresAt)
            try session.update(db)
            let events = try SessionEventRecord.filter(Column("sessionID") == id)
                .order(Column("authTime").desc, Column("id").desc).fetchAll(db)
            return (session, events)
        }
    }

}

extension AppDatabase {
    /// Deletes sessions (with their events) and refresh tokens whose absolute lifetime ended
    /// before `cutoff`; returns how many rows went.
    @discardableResult
    public func purgeSessionsAndRefreshTokens(expiredBefore cutoff: Date) throws(StorageError) -> Int {
        try write { db in
            let sessions = try SessionRecord.filter(Column("absoluteExpiresAt") < cutoff).deleteAll(db)
            let tokens = try StoredRefreshToken.filter(Column("absoluteExpiresAt") < cutoff).deleteAll(db)
            return sessions + tokens
        }
    }
}
