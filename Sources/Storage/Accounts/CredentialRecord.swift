public import Foundation
public import GRDB

/// A passkey registered to a user, with what the bank decided about it.
public struct CredentialRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "credential"

    /// The credential id the authenticator chose.
    public var id: Data
    public var userID: String
    /// The COSE_Key bytes.
    public var publicKey: Data
    public var signCount: Int64
    public var aaguid: String
    public var attestationFormat: String
    public var attestationType: String
    public var attestationObject: Data
    /// JSON of what the attestation proved at registration.
    public var evidence: String
    public var backupEligible: Bool
    public var backupState: Bool
    /// JSON array of transport hints.
    public var transports: String
    public var attachment: String?
    /// `phrh` or `phr`: the level decided at registration (and re-checked at each sign-in).
    public var assurance: String
    /// JSON array of the reasons for `assurance`, for people and operators.
    public var assuranceReasons: String
    /// The name the person gave it.
    public var name: String?
    public var createdAt: Date
    public var lastUsedAt: Date?
    /// For a passkey added from a weaker session (the new-key hold): when it starts to count at its
    /// own level.
    public var stepUpAfter: Date?
    /// The `acr` a sign-in with it reaches until `stepUpAfter`: `phr` for a high-assurance key added
    /// from a `phr` session, `pwd` for any passkey added from a password-only session; `nil` (read
    /// as `phr`) for keys held before this column existed.
    public var holdLevel: String?

    public init(
        id: Data,
        userID: String,
        publicKey: Data,
        signCount: Int64,
        aaguid: String,
        attestationFormat: String,
        attestationType: String,
        attestationObject: Data,
        evidence: String,
        backupEligible: Bool,
        backupState: Bool,
        transports: String,
        attachment: String?,
        assurance: String,
        assuranceReasons: String,
        name: String? = nil,
        createdAt: Date,
        lastUsedAt: Date? = nil,
        stepUpAfter: Date? = nil,
        holdLevel: String? = nil
    ) {
        self.id = id
        self.userID = userID
        self.publicKey = publicKey
        self.signCount = signCount
        self.aaguid = aaguid
        self.attestationFormat = attestationFormat
        self.attestationType = attestationType
        self.attestationObject = attestationObject
        self.evidence = evidence
        self.backupEligible = backupEligible
        self.backupState = backupState
        self.transports = transports
        self.attachment = attachment
        self.assurance = assurance
        self.assuranceReasons = assuranceReasons
        self.name = name
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.stepUpAfter = stepUpAfter
        self.holdLevel = holdLevel
    }
}
