public import Foundation
public import GRDB

/// A WebAuthn ceremony in flight: its challenge and what the answer must satisfy.
///
/// Stored in the database so a restart loses nothing and a second server process could finish it;
/// single use (`consumedAt`) and expiring (`expiresAt`).
public struct CeremonyRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "ceremony"

    public enum Kind: String, Codable, Sendable {
        case registration
        case authentication
    }

    /// Random, unguessable id handed to the browser.
    public var id: String
    public var kind: Kind
    public var challenge: Data
    /// The account the ceremony is for (adding a passkey, username-first or step-up sign-in).
    public var userID: String?
    /// For sign-up: the account to open when the registration verifies.
    public var pendingUsername: String?
    public var pendingDisplayName: String?
    public var pendingUserHandle: Data?
    /// The authorization request the sign-in page was sent with.
    public var authorizationRequestID: String?
    public var requireUserVerification: Bool
    /// `phrh` when only high-assurance passkeys may answer (step-up).
    public var requiredAssurance: String?
    /// JSON array of base64url credential ids allowed to answer; empty means any discoverable one.
    public var allowedCredentialIDs: String
    public var createdAt: Date
    public var expiresAt: Date
    public var consumedAt: Date?

    public init(
        id: String,
        kind: Kind,
        challenge: Data,
        userID: String? = nil,
        pendingUsername: String? = nil,
        pendingDisplayName: String? = nil,
        pendingUserHandle: Data? = nil,
        authorizationRequestID: String? = nil,
        requireUserVerification: Bool,
        requiredAssurance: String? = nil,
        allowedCredentialIDs: String = "[]",
        createdAt: Date,
        expiresAt: Date,
        consumedAt: Date? = nil
    ) {
        self.id = id
        self.kind = kind
        self.challenge = challenge
        self.userID = userID
        self.pendingUsername = pendingUsername
        self.pendingDisplayName = pendingDisplayName
        self.pendingUserHandle = pendingUserHandle
        self.authorizationRequestID = authorizationRequestID
        self.requireUserVerification = requireUserVerification
        self.requiredAssurance = requiredAssurance
        self.allowedCredentialIDs = allowedCredentialIDs
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.consumedAt = consumedAt
    }
}
