public import Foundation

/// DESIGN.md "Assurance levels and ACR" as one pure function: the first matching row wins.
public enum AssurancePolicy {
    /// Decides the level of a passkey for one ceremony (its registration, or a sign-in).
    ///
    /// - Parameters:
    ///   - evidence: what the attestation proved at registration (stored with the passkey).
    ///   - flags: the UV/BE/BS flags of this ceremony.
    ///   - metadata: the current verified BLOB, if any.
    ///   - operatorAnchors: the operator's anchors.
    ///   - settings: minimum certification level, new-key hold, stale handling.
    ///   - time: now.
    public static func evaluate(
        _ evidence: AttestationEvidence,
        flags: CeremonyFlags,
        metadata: MetadataSnapshot?,
        operatorAnchors: OperatorTrustAnchors = .none,
        settings: AssurancePolicySettings = .init(),
        at time: Date
    ) -> AssuranceDecision {
        let entry = metadata.flatMap {
            AttestationAssessor.entry(in: $0, aaguid: evidence.aaguid, keyIdentifier: evidence.attestationCertificateKeyIdentifier)
        }
        // Row 1: a credential whose BE flag changed between ceremonies (WebAuthn L3 §6.1.3) is rejected.
        if flags.backupEligible != evidence.backupEligible {
            return AssuranceDecision(
                .reject,
                [.init("backup-eligibility-changed", "The passkey's backup eligibility (BE) changed since registration.")]
            )
        }
        // Row 1: a "do not trust" status report in force (FIDO MDS3 §3.1.4).
        if let entry, let bad = entry.status(at: time).doNotTrust {
            let since = bad.effectiveDate.map { " since \(CivilDate.format($0))" } ?? ""
            return AssuranceDecision(
                .reject,
                [.init("status-do-not-trust", "FIDO metadata reports \(bad.status)\(since) for \(entry.description ?? entry.identifier).")]
            )
        }
        // Row 2: UV=0 is one factor, whatever the key.
        guard flags.userVerified else {
            return AssuranceDecision(.phr, [.init("user-not-verified", "The authenticator did not verify the person (UV=0), so this is one factor.")])
        }
        // Row 3: a synced (copyable) passkey is never hardware-bound.
        guard !evidence.backupEligible else {
            return AssuranceDecision(
                .phr,
                [.init("backup-eligible", "The passkey can be synced or copied (BE=1), so it is not bound to one device.")]
            )
        }
        // Rows 4–5.
        let trusted: AssuranceReason
        switch evidence.chain {
        case .noAttestation:
            return AssuranceDecision(
                .phr,
                [.init("no-attestation", "The authenticator gave no attestation (\(evidence.format)), so its make is unknown.")]
            )
        case .unverified(let reason):
            return AssuranceDecision(.phr, [.init("attestation-unverified", reason)])
        case .metadataEntry:
            guard let entry, let metadata else {
                return AssuranceDecision(.phr, [.init("metadata-entry-missing", "The current FIDO metadata has no entry for this authenticator.")])
            }
            if let lower = requirementsFailure(
                level: entry.status(at: time).certificationLevel,
                hardware: entry.isHardwareProtected,
                keyProtection: entry.keyProtection,
                settings: settings
            ) {
                return AssuranceDecision(.phr, [lower])
            }
            if metadata.isStale(at: time), settings.staleMetadataLowersToPHR {
                return AssuranceDecision(
                    .phr,
                    [
                        .init(
                            "metadata-stale",
                            "The FIDO metadata (no \(metadata.number)) was due for renewal on \(CivilDate.format(metadata.nextUpdate))."
                        )
                    ]
                )
            }
            let level = entry.status(at: time).certificationLevel.map(\.description) ?? "?"
            trusted = .init(
                "attestation-trusted",
                "Attested by \(entry.description ?? entry.identifier), verified to its FIDO metadata roots; certified \(level); key protection \(entry.keyProtection.joined(separator: ", "))."
            )
        case .operatorAnchor(let name):
            guard let aaguid = evidence.aaguid, let anchor = operatorAnchors.anchor(for: aaguid), anchor.name == name else {
                return AssuranceDecision(.phr, [.init("operator-anchor-missing", "The operator anchor \(name) no longer names this authenticator.")])
            }
            if let lower = requirementsFailure(
                level: anchor.certificationLevel,
                hardware: anchor.isHardwareProtected,
                keyProtection: anchor.keyProtection,
                settings: settings
            ) {
                return AssuranceDecision(.phr, [lower])
            }
            trusted = .init("attestation-trusted", "Attested under the operator anchor \(name)\(anchor.isTest ? " (a test anchor)" : "").")
        }
        // DESIGN.md new-key hold: a key added from a session below phrh counts only after the hold.
        if evidence.addedFromSessionBelowPHRH {
            let countsAt = evidence.registeredAt.addingTimeInterval(settings.newKeyHoldInterval)
            if time < countsAt {
                return AssuranceDecision(
                    .phr,
                    [trusted, .init("new-key-hold", "The key was added from a session below phrh; it counts for step-up from \(countsAt).")],
                    countsForStepUpAt: countsAt
                )
            }
        }
        return AssuranceDecision(.phrh, [trusted, .init("device-bound", "UV=1 and BE=0: the key cannot leave the authenticator.")])
    }

    /// Row 5's certification and key-protection requirements; the reason when they are not met.
    private static func requirementsFailure(
        level: CertificationLevel?,
        hardware: Bool,
        keyProtection: [String],
        settings: AssurancePolicySettings
    ) -> AssuranceReason? {
        guard let level, level >= settings.minimumCertificationLevel else {
            return .init(
                "certification-insufficient",
                "The authenticator is certified \(level?.description ?? "at no level"); \(settings.minimumCertificationLevel) or higher is required."
            )
        }
        guard hardware else {
            return .init(
                "key-protection-insufficient",
                "Key protection \(keyProtection.isEmpty ? "(unstated)" : keyProtection.joined(separator: ", ")) is not hardware, secure element or TEE."
            )
        }
        return nil
    }
}
