public import Foundation
public import GRDB

/// What one authorization code started: its token family, whose authentication it carries and in
/// which provider session it was issued. Access tokens name it (`grant_id`), so revoking the family
/// (sign-out, a removed passkey, a reused code or refresh token) refuses them on the next request.
public struct GrantRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "oauthGrant"

    /// The token family id (the code's, and every refresh token's rotated from it).
    public var familyID: String
    public var userID: String
    /// The provider session (its row id) the code was issued in; follows the session when a new
    /// sign-in of the same person replaces it.
    public var sessionID: String
    /// The passkey behind the authentication the tokens carry; `nil` for the legacy password.
    public var credentialID: Data?
    public var clientID: String
    public var createdAt: Date
    /// After this no token of the family can be valid any more (kept until then for revocation).
    public var expiresAt: Date

    public init(familyID: String, userID: String, sessionID: String, credentialID: Data?, clientID: String, createdAt: Date, expiresAt: Date) {
        self.familyID = familyID
        self.userID = userID
        self.sessionID = sessionID
        self.credentialID = credentialID
        self.clientID = clientID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
