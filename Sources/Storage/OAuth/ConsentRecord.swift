public import Foundation
public import GRDB

/// What one person has agreed to give one third-party client: the scopes they approved, together
/// (space-separated, sorted), and when they last approved. Withdrawing it deletes the row.
public struct ConsentRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "consent"

    public var userID: String
    public var clientID: String
    /// The approved scopes, space-separated and sorted.
    public var scopes: String
    public var grantedAt: Date

    public init(userID: String, clientID: String, scopes: some Sequence<String>, grantedAt: Date) {
        self.userID = userID
        self.clientID = clientID
        self.scopes = Set(scopes).sorted().joined(separator: " ")
        self.grantedAt = grantedAt
    }

    /// The approved scopes.
    public var scopeSet: Set<String> { Set(scopes.split(separator: " ").map(String.init)) }
}
