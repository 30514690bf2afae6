public import Foundation
public import WebAuthn
public import X509

/// Turns a verified registration into `AttestationEvidence`: finds the authenticator's own trust
/// anchors (its MDS entry's attestationRootCertificates, else an operator anchor for its AAGUID) and
/// validates the trust path to those roots only — never to pooled roots, never to a root from `x5c`.
public struct AttestationAssessor: Sendable {
    public let metadata: MetadataSnapshot?
    public let operatorAnchors: OperatorTrustAnchors

    public init(metadata: MetadataSnapshot?, operatorAnchors: OperatorTrustAnchors = .none) {
        self.metadata = metadata
        self.operatorAnchors = operatorAnchors
    }

    /// Evidence for a credential `RelyingParty.verifyRegistration` accepted (its statement signature is valid).
    public func evidence(
        for credential: RegisteredCredential,
        at time: Date,
        addedFromSessionBelowPHRH: Bool = false
    ) async -> AttestationEvidence {
        await evidence(
            aaguid: AAGUID(bytes: credential.aaguid),
            trustPath: credential.trustPath,
            format: credential.attestationFormat,
            backupEligible: credential.backupEligible,
            at: time,
            addedFromSessionBelowPHRH: addedFromSessionBelowPHRH
        )
    }

    /// Evidence from the parts of a verified registration.
    public func evidence(
        aaguid: AAGUID?,
        trustPath: [Certificate],
        format: String,
        backupEligible: Bool,
        at time: Date,
        addedFromSessionBelowPHRH: Bool = false
    ) async -> AttestationEvidence {
        let aaguid = aaguid.flatMap { $0.isZero ? nil : $0 }
        let keyIdentifier = trustPath.first.flatMap(AttestationPathValidator.keyIdentifier(of:))
        func make(_ chain: AttestationEvidence.ChainTrust) -> AttestationEvidence {
            AttestationEvidence(
                aaguid: aaguid,
                attestationCertificateKeyIdentifier: keyIdentifier,
                format: format,
                chain: chain,
                backupEligible: backupEligible,
                registeredAt: time,
                addedFromSessionBelowPHRH: addedFromSessionBelowPHRH
            )
        }
        // WebAuthn L3 §7.1 step 23: none/self attestation has no trust path to judge.
        guard !trustPath.isEmpty else { return make(.noAttestation) }
        var reasons: [String] = []
        if let entry = metadata.flatMap({ Self.entry(in: $0, aaguid: aaguid, keyIdentifier: keyIdentifier) }) {
            let validator = AttestationPathValidator(roots: entry.attestationRootCertificates, time: time)
            guard let failure = await validator.failure(of: trustPath) else { return make(.metadataEntry) }
            reasons.append("not to the roots of MDS entry \(entry.identifier) (\(failure))")
        }
        if let aaguid, let anchor = operatorAnchors.anchor(for: aaguid) {
            let validator = AttestationPathValidator(roots: anchor.roots, time: time)
            guard let failure = await validator.failure(of: trustPath) else { return make(.operatorAnchor(name: anchor.name)) }
            // An operator may anchor a key rather than a CA: an authenticator whose only attestation
            // certificate is self-signed (Chromium's virtual security key, some private models) is
            // trusted when that certificate carries the anchor's own public key and is valid now.
            // The attestation signature, already verified with that key, proves the anchor signed it.
            if trustPath.count == 1, let leaf = trustPath.first, anchor.roots.contains(where: { $0.publicKey == leaf.publicKey }),
                leaf.notValidBefore <= time, time <= leaf.notValidAfter
            {
                return make(.operatorAnchor(name: anchor.name))
            }
            reasons.append("not to the roots of operator anchor \(anchor.name) (\(failure))")
        }
        if reasons.isEmpty { reasons.append("no MDS entry or operator anchor names this authenticator") }
        return make(.unverified(reason: "The attestation chain does not validate: " + reasons.joined(separator: "; ") + "."))
    }

    /// The entry for an AAGUID, or for a fido-u2f attestation certificate key identifier.
    static func entry(in metadata: MetadataSnapshot, aaguid: AAGUID?, keyIdentifier: String?) -> MetadataEntry? {
        if let aaguid { return metadata.entry(aaguid: aaguid) }
        return keyIdentifier.flatMap { metadata.entry(attestationCertificateKeyIdentifier: $0) }
    }
}
