public import Foundation
public import GRDB

/// One security event: a sign-in, a step-up, a passkey added or removed, a payee added, a transfer,
/// a consent given to a client, refused or withdrawn, or a refused attempt at any of these. Never holds secrets: no tokens, challenges or passwords.
public struct AuditEventRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "auditEvent"

    /// What happened.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case signIn = "sign-in"
        case stepUp = "step-up"
        case signUp = "sign-up"
        case passkeyAdded = "passkey-added"
        case passkeyRenamed = "passkey-renamed"
        case passkeyRemoved = "passkey-removed"
        case payeeAdded = "payee-added"
        case transfer
        case stepUpRequired = "step-up-required"
        case consentGiven = "consent-given"
        case consentDenied = "consent-denied"
        case consentWithdrawn = "consent-withdrawn"
    }

    /// `ok` or `refused`.
    public enum Outcome: String, Codable, Sendable {
        case ok
        case refused
    }

    public var id: Int64?
    public var at: Date
    public var userID: String?
    public var kind: Kind
    public var outcome: Outcome
    /// JSON object of the facts (amount, passkey id, problem code, acr).
    public var detail: String
    /// The client address, when known.
    public var address: String?

    public init(at: Date, userID: String?, kind: Kind, outcome: Outcome, detail: [String: String], address: String? = nil) {
        self.at = at
        self.userID = userID
        self.kind = kind
        self.outcome = outcome
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        self.detail = (try? encoder.encode(detail)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        self.address = address
    }
}
