public import Foundation
public import GRDB

/// An issued authorization code: only its hash is kept, with what it grants as JSON.
public struct StoredAuthorizationCode: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "authorizationCode"

    /// `OpaqueToken.hash` of the code.
    public var codeHash: String
    /// The token family the exchange starts (revoked when the code is presented again).
    public var familyID: String
    public var clientID: String
    /// The provider's `AuthorizationCodeRecord`, as JSON.
    public var payload: String
    public var expiresAt: Date
    public var isUsed: Bool

    public init(codeHash: String, familyID: String, clientID: String, payload: String, expiresAt: Date, isUsed: Bool = false) {
        self.codeHash = codeHash
        self.familyID = familyID
        self.clientID = clientID
        self.payload = payload
        self.expiresAt = expiresAt
        self.isUsed = isUsed
    }
}
