public import Foundation

/// A verified BLOB's entries, indexed by AAGUID (all-zero ignored), attestation certificate key
/// identifier and AAID (FIDO MDS3 §3.1.1). Immutable; replace it as a whole when a new BLOB arrives.
public struct MetadataSnapshot: Sendable {
    /// The BLOB's serial number `no` (FIDO MDS3 §3.1.6).
    public let number: Int
    /// When the next BLOB is due; after it the data is stale.
    public let nextUpdate: Date
    public let legalHeader: String?
    public let entries: [MetadataEntry]
    /// One line per entry that was skipped because it did not decode or validate.
    public let skippedEntries: [String]
    /// One line per kept entry with a defect that was worked around (an unparsable attestation root).
    public let entryWarnings: [String]
    /// How the BLOB was verified; nil for snapshots built in code.
    public let verification: BlobVerification?

    private let byAAGUID: [AAGUID: Int]
    private let byKeyIdentifier: [String: Int]
    private let byAAID: [String: Int]

    public init(
        number: Int,
        nextUpdate: Date,
        legalHeader: String? = nil,
        entries: [MetadataEntry],
        skippedEntries: [String] = [],
        entryWarnings: [String] = [],
        verification: BlobVerification? = nil
    ) {
        self.number = number
        self.nextUpdate = nextUpdate
        self.legalHeader = legalHeader
        self.entries = entries
        self.skippedEntries = skippedEntries
        self.entryWarnings = entryWarnings
        self.verification = verification
        var byAAGUID: [AAGUID: Int] = [:]
        var byKeyIdentifier: [String: Int] = [:]
        var byAAID: [String: Int] = [:]
        for (index, entry) in entries.enumerated() {
            // The first entry for an identifier wins; the all-zero AAGUID identifies nothing.
            if let aaguid = entry.aaguid, !aaguid.isZero, byAAGUID[aaguid] == nil { byAAGUID[aaguid] = index }
            for identifier in entry.attestationCertificateKeyIdentifiers where byKeyIdentifier[identifier] == nil {
                byKeyIdentifier[identifier] = index
            }
            if let aaid = entry.aaid, byAAID[aaid] == nil { byAAID[aaid] = index }
        }
        self.byAAGUID = byAAGUID
        self.byKeyIdentifier = byKeyIdentifier
        self.byAAID = byAAID
    }

    public func entry(aaguid: AAGUID) -> MetadataEntry? {
        guard !aaguid.isZero else { return nil }
        return byAAGUID[aaguid].map { entries[$0] }
    }

    /// Looks up a fido-u2f authenticator by the hex SHA-1 key identifier of its attestation certificate.
    public func entry(attestationCertificateKeyIdentifier identifier: String) -> MetadataEntry? {
        byKeyIdentifier[identifier.lowercased()].map { entries[$0] }
    }

    public func entry(aaid: String) -> MetadataEntry? { byAAID[aaid].map { entries[$0] } }

    /// Whether `nextUpdate` has passed at `time` (FIDO MDS3 §3.2: the relying party should have fetched
    /// a newer BLOB by then).
    public func isStale(at time: Date) -> Bool { time > nextUpdate }

    /// Counts by kind of identifier: AAGUID, key identifier, AAID.
    public var identifierCounts: (aaguid: Int, keyIdentifier: Int, aaid: Int) {
        (byAAGUID.count, entries.filter { !$0.attestationCertificateKeyIdentifiers.isEmpty }.count, byAAID.count)
    }
}

/// What was checked when a BLOB was accepted.
public struct BlobVerification: Sendable, Hashable {
    /// The JWS `alg`.
    public let algorithm: String
    /// Subjects of the path, leaf to pinned root.
    public let chainSubjects: [String]
    public let validationTime: Date
    public let revocation: [CertificateRevocationCheck]
    /// Lower-case hex SHA-256 of the BLOB file.
    public let digest: String
}
