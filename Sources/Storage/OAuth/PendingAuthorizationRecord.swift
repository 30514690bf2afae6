public import Foundation
public import GRDB

/// An authorization request waiting for the person to sign in, step up or consent: the validated
/// request as JSON, found again by its random id (the only thing the pages receive).
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
    /// The signed-in person asked to consent to a third-party client's request: only they may answer.
    public var consentUserID: String?
    /// Their answer, once given.
    public var consentDecision: ConsentDecision?

    /// A person's answer on the consent page.
    public enum ConsentDecision: String, Codable, Sendable {
        case approved
        case denied
    }

    public init(
        id: String,
        request: String,
        subjectUserID: String?,
        createdAt: Date,
        expiresAt: Date,
        consentUserID: String? = nil,
        consentDecision: ConsentDecision? = nil
    ) {
        self.id = id
        self.request = request
        self.subjectUserID = subjectUserID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.consentUserID = consentUserID
        self.consentDecision = consentDecision
    }
}
