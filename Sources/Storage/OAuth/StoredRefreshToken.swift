public import Foundation
public import GRDB

/// An issued refresh token: its hash, its family, whether it was already rotated, and what it
/// carries as JSON.
public struct StoredRefreshToken: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "refreshToken"

    /// `OpaqueToken.hash` of the token.
    public var tokenHash: String
    public var familyID: String
    public var clientID: String
    /// The provider session the family belongs to (ended at logout).
    public var sessionID: String
    /// The provider's `RefreshTokenRecord`, as JSON.
    public var payload: String
    public var absoluteExpiresAt: Date
    public var isUsed: Bool

    public init(
        tokenHash: String,
        familyID: String,
        clientID: String,
        sessionID: String,
        payload: String,
        absoluteExpiresAt: Date,
        isUsed: Bool = false
    ) {
        self.tokenHash = tokenHash
        self.familyID = familyID
        self.clientID = clientID
        self.sessionID = sessionID
        self.payload = payload
        self.absoluteExpiresAt = absoluteExpiresAt
        self.isUsed = isUsed
    }
}
