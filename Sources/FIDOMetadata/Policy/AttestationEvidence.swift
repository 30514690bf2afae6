public import Foundation

/// What a registration's attestation proved, decided once when the passkey is registered and stored
/// with it; the assurance policy re-reads it against the current metadata at every sign-in.
public struct AttestationEvidence: Sendable, Hashable, Codable {
    /// How far the attestation's chain was verified, and to whose roots.
    public enum ChainTrust: Sendable, Hashable, Codable {
        /// No trust path: `none` or self attestation.
        case noAttestation
        /// A trust path that did not validate to the roots of the authenticator's own entry or anchor.
        case unverified(reason: String)
        /// Validated to the roots of the MDS entry for this AAGUID / key identifier.
        case metadataEntry
        /// Validated to the roots of the operator anchor of this name.
        case operatorAnchor(name: String)
    }

    /// The AAGUID, nil when all-zero (fido-u2f, privacy CA).
    public var aaguid: AAGUID?
    /// Hex SHA-1 of the attestation certificate's key, for fido-u2f metadata lookup.
    public var attestationCertificateKeyIdentifier: String?
    /// The attestation statement format (`packed`, `fido-u2f`, `tpm`, …).
    public var format: String
    public var chain: ChainTrust
    /// BE at registration: a credential whose BE changes later is rejected.
    public var backupEligible: Bool
    public var registeredAt: Date
    /// Whether the new-key hold applies: the passkey was added to an existing account from a session
    /// below `phrh` (not during sign-up, not from a `phrh` session).
    public var addedFromSessionBelowPHRH: Bool

    public init(
        aaguid: AAGUID?,
        attestationCertificateKeyIdentifier: String? = nil,
        format: String,
        chain: ChainTrust,
        backupEligible: Bool,
        registeredAt: Date,
        addedFromSessionBelowPHRH: Bool = false
    ) {
        self.aaguid = aaguid.flatMap { $0.isZero ? nil : $0 }
        self.attestationCertificateKeyIdentifier = attestationCertificateKeyIdentifier
        self.format = format
        self.chain = chain
        self.backupEligible = backupEligible
        self.registeredAt = registeredAt
        self.addedFromSessionBelowPHRH = addedFromSessionBelowPHRH
    }
}

/// The flags of the ceremony being judged (WebAuthn L3 §6.1 authenticator data flags).
public struct CeremonyFlags: Sendable, Hashable {
    public var userVerified: Bool
    public var backupEligible: Bool
    public var backupState: Bool

    public init(userVerified: Bool, backupEligible: Bool, backupState: Bool = false) {
        self.userVerified = userVerified
        self.backupEligible = backupEligible
        self.backupState = backupState
    }
}
