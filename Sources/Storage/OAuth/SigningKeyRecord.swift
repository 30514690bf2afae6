public import Foundation
public import GRDB

/// A token-signing key of this installation, kept so that tokens survive a restart.
public struct SigningKeyRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "signingKey"

    public var kid: String
    /// `ES256` or `RS256`.
    public var algorithm: String
    public var privateKeyPEM: String
    public var createdAt: Date
    public var retiredAt: Date?

    public init(kid: String, algorithm: String, privateKeyPEM: String, createdAt: Date, retiredAt: Date? = nil) {
        self.kid = kid
        self.algorithm = algorithm
        self.privateKeyPEM = privateKeyPEM
        self.createdAt = createdAt
        self.retiredAt = retiredAt
    }
}
