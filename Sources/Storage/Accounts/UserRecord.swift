import Banking
public import Foundation
public import GRDB

/// A customer of the bank.
public struct UserRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "user"

    /// A random UUID string; the OpenID `sub`.
    public var id: String
    public var username: String
    /// `Username.key(username)`: the one spelling every lookup uses, unique.
    public var usernameKey: String
    public var displayName: String
    /// The WebAuthn user handle: random, at most 64 bytes, never the username.
    public var userHandle: Data
    /// A bcrypt hash, only for accounts that still have a legacy password.
    public var passwordHash: String?
    public var createdAt: Date

    public init(id: String, username: String, displayName: String, userHandle: Data, passwordHash: String? = nil, createdAt: Date) {
        self.id = id
        self.username = username
        self.usernameKey = Username.key(username)
        self.displayName = displayName
        self.userHandle = userHandle
        self.passwordHash = passwordHash
        self.createdAt = createdAt
    }
}
