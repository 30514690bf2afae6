public import Foundation
public import X509

/// One authenticator of the BLOB (FIDO MDS3 §3.1.1 MetadataBLOBPayloadEntry) with the parts of its
/// metadata statement (FIDO Metadata Statement §4) that the assurance policy and people need.
public struct MetadataEntry: Sendable {
    public let aaguid: AAGUID?
    public let aaid: String?
    /// Lower-case hex SHA-1 of the attestation certificate's subjectPublicKey (fido-u2f authenticators).
    public let attestationCertificateKeyIdentifiers: [String]
    public let description: String?
    public let protocolFamily: String?
    public let authenticatorVersion: Int?
    public let keyProtection: [String]
    public let matcherProtection: [String]
    public let attachmentHint: [String]
    public let attestationTypes: [String]
    /// The roots this authenticator's attestations chain to: trust anchors for this entry only.
    public let attestationRootCertificates: [Certificate]
    public let statusReports: [StatusReport]
    public let timeOfLastStatusChange: Date?
    /// Items of `attestationRootCertificates` that did not parse as DER certificates and were dropped.
    public let unparsableRootCount: Int

    public init(
        aaguid: AAGUID? = nil,
        aaid: String? = nil,
        attestationCertificateKeyIdentifiers: [String] = [],
        description: String? = nil,
        protocolFamily: String? = nil,
        authenticatorVersion: Int? = nil,
        keyProtection: [String] = [],
        matcherProtection: [String] = [],
        attachmentHint: [String] = [],
        attestationTypes: [String] = [],
        attestationRootCertificates: [Certificate] = [],
        statusReports: [StatusReport] = [],
        timeOfLastStatusChange: Date? = nil,
        unparsableRootCount: Int = 0
    ) {
        self.aaguid = aaguid
        self.aaid = aaid
        self.attestationCertificateKeyIdentifiers = attestationCertificateKeyIdentifiers
        self.description = description
        self.protocolFamily = protocolFamily
        self.authenticatorVersion = authenticatorVersion
        self.keyProtection = keyProtection
        self.matcherProtection = matcherProtection
        self.attachmentHint = attachmentHint
        self.attestationTypes = attestationTypes
        self.attestationRootCertificates = attestationRootCertificates
        self.statusReports = statusReports
        self.timeOfLastStatusChange = timeOfLastStatusChange
        self.unparsableRootCount = unparsableRootCount
    }

    /// The entry's status at `time`.
    public func status(at time: Date) -> EntryStatus { EntryStatus(reports: statusReports, at: time) }

    /// Key protection the policy accepts as hardware-bound (FIDO Registry §3.2: hardware, tee, secure_element).
    public var isHardwareProtected: Bool {
        !keyProtection.isEmpty && keyProtection.contains { ["hardware", "tee", "secure_element"].contains($0) }
            && !keyProtection.contains("software")
    }

    /// The subjects of the attestation roots, for people.
    public var attestationRootSubjects: [String] { attestationRootCertificates.map { "\($0.subject)" } }

    /// How people should read the entry's identity.
    public var identifier: String {
        aaguid?.description ?? aaid ?? attestationCertificateKeyIdentifiers.first.map { "key id \($0)" } ?? "(no identifier)"
    }
}
