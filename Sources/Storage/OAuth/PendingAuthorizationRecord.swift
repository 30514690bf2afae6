public import Foundation
public import GRDB

/// An authorization request waiting for the person to sign in or step up: the validated request as
/// JSON, found again by its random id (the only thing the sign-in page receives).
public struct PendingAuthorizationRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "authorizationRequest"

    /// 256 random bits, base64url.
    public var id: String
    /// The validated `AuthorizationRequest`, as JSON.
    public var request: String
    /// The account that must authenticate (a step-up or `login_hint`), when known.
    public var subjectUserID: String?
    public var createdAt: Date
    public var expiresAt: Date

    public init(id: String, request: String, subjectUserID: String?, createdAt: Date, expiresAt: Date) {
        self.id = id
        self.request = request
        self.subjectUserID = subjectUserID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
