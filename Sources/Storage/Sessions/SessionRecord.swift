public import Foundation
public import GRDB

/// A signed-in browser: the provider session behind the session cookie.
public struct SessionRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "session"

    /// SHA-256 (hex) of the cookie's secret.
    public var id: String
    public var userID: String
    public var createdAt: Date
    public var lastSeenAt: Date
    /// Ends after this much quiet time.
    public var idleExpiresAt: Date
    /// Ends at this time, however active.
    public var absoluteExpiresAt: Date

    public init(id: String, userID: String, createdAt: Date, lastSeenAt: Date, idleExpiresAt: Date, absoluteExpiresAt: Date) {
        self.id = id
        self.userID = userID
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.idleExpiresAt = idleExpiresAt
        self.absoluteExpiresAt = absoluteExpiresAt
    }

    /// `true` while neither lifetime has run out.
    public func isActive(at now: Date) -> Bool { now < idleExpiresAt && now < absoluteExpiresAt }
}

/// One authentication within a session: which passkey (or password), how strong, when.
public struct SessionEventRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "sessionEvent"

    public var id: Int64?
    public var sessionID: String
    public var credentialID: Data?
    /// `phrh`, `phr` or `pwd`.
    public var acr: String
    /// JSON array of RFC 8176 method references.
    public var amr: String
    public var authTime: Date

    public init(id: Int64? = nil, sessionID: String, credentialID: Data?, acr: String, amr: String, authTime: Date) {
        self.id = id
        self.sessionID = sessionID
        self.credentialID = credentialID
        self.acr = acr
        self.amr = amr
        self.authTime = authTime
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
