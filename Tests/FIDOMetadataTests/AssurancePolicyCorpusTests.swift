import FIDOMetadata
import Foundation
import Testing
import WebAuthn
import X509

/// DESIGN.md's assurance table with the production BLOB and real registrations.
@Suite("Assurance policy (corpus)", .enabled(if: MDSCorpus.available))
struct AssurancePolicyCorpusTests {
    static let time = MDSCorpus.day("2024-12-02")
    static let deviceBoundUV = CeremonyFlags(userVerified: true, backupEligible: false)

    static func evidence(_ vector: String, metadata: MetadataSnapshot) async throws -> AttestationEvidence {
        let credential = try await WebAuthnVector.register(vector, at: time)
        return await AttestationAssessor(metadata: metadata).evidence(for: credential, at: time)
    }

    @Test(
        "YubiKey 5 registrations are phrh with UV=1 and BE=0",
        arguments: ["reg-packed-x5c-yubikey5.json", "reg-packed-x5c-yubikey5nfc-demo.json", "reg-packed-x5c-yubikey5fips-eddsa.json"]
    )
    func yubiKey5(_ vector: String) async throws {
        let metadata = try await MDSCorpus.production.value
        let evidence = try await Self.evidence(vector, metadata: metadata)
        #expect(evidence.chain == .metadataEntry)
        let decision = AssurancePolicy.evaluate(evidence, flags: Self.deviceBoundUV, metadata: metadata, at: Self.time)
        #expect(decision.outcome == .phrh, "\(decision.reasons)")
        #expect(decision.reasonCodes == ["attestation-trusted", "device-bound"])
        #expect(decision.reasons[0].text.contains("YubiKey 5"))
        // The same key signing in without user verification is one factor.
        let withoutUV = AssurancePolicy.evaluate(
            evidence,
            flags: CeremonyFlags(userVerified: false, backupEligible: false),
            metadata: metadata,
            at: Self.time
        )
        #expect(withoutUV.outcome == .phr && withoutUV.reasonCodes == ["user-not-verified"])
    }

    @Test("the same attestation whose root arrives only in x5c is not phrh")
    func rootOnlyInX5C() async throws {
        let metadata = try await MDSCorpus.production.value
        let credential = try await WebAuthnVector.register("reg-packed-x5c-yubikey5.json", at: Self.time)
        let aaguid = try #require(AAGUID(bytes: credential.aaguid))
        let entry = try #require(metadata.entry(aaguid: aaguid))
        // The metadata no longer lists the root; the attestation carries it in x5c instead.
        let stripped = MetadataSnapshot(
            number: metadata.number,
            nextUpdate: metadata.nextUpdate,
            entries: [Self.entry(entry, roots: [])] + metadata.entries.filter { $0.aaguid != aaguid }
        )
        let evidence = await AttestationAssessor(metadata: stripped).evidence(
            aaguid: aaguid,
            trustPath: credential.trustPath + entry.attestationRootCertificates,
            format: credential.attestationFormat,
            backupEligible: false,
            at: Self.time
        )
        guard case .unverified = evidence.chain else {
            Issue.record("expected an unverified chain, got \(evidence.chain)")
            return
        }
        let decision = AssurancePolicy.evaluate(evidence, flags: Self.deviceBoundUV, metadata: stripped, at: Self.time)
        #expect(decision.outcome == .phr && decision.reasonCodes == ["attestation-unverified"])
    }

    @Test("the REVOKED entry of the statements is rejected")
    func revokedEntry() async throws {
        let json = try Data(contentsOf: MDSCorpus.directory.appendingPathComponent("statements/truu-windows-ba86dc56-REVOKED.entry.json"))
        let entry = try MetadataEntry(json: json)
        #expect(entry.status(at: Self.time).doNotTrust?.status == .revoked)
        let snapshot = MetadataSnapshot(number: 1, nextUpdate: MDSCorpus.day("2025-01-01"), entries: [entry])
        for chain in [AttestationEvidence.ChainTrust.metadataEntry, .noAttestation] {
            let evidence = AttestationEvidence(aaguid: entry.aaguid, format: "packed", chain: chain, backupEligible: false, registeredAt: Self.time)
            let decision = AssurancePolicy.evaluate(evidence, flags: Self.deviceBoundUV, metadata: snapshot, at: Self.time)
            #expect(decision.outcome == .reject && decision.reasonCodes == ["status-do-not-trust"])
            #expect(decision.reasons[0].text.contains("REVOKED"))
        }
        // The production BLOB holds the same entry: rejected there too.
        let production = try await MDSCorpus.production.value
        let evidence = AttestationEvidence(
            aaguid: entry.aaguid,
            format: "packed",
            chain: .metadataEntry,
            backupEligible: false,
            registeredAt: Self.time
        )
        #expect(AssurancePolicy.evaluate(evidence, flags: Self.deviceBoundUV, metadata: production, at: Self.time).outcome == .reject)
    }

    @Test("an AAGUID with no entry is phr")
    func unknownAAGUID() async throws {
        let metadata = try await MDSCorpus.production.value
        let credential = try await WebAuthnVector.register("reg-packed-x5c-yubikey5.json", at: Self.time)
        let unknown = try #require(AAGUID("00112233-4455-6677-8899-aabbccddeeff"))
        let evidence = await AttestationAssessor(metadata: metadata).evidence(
            aaguid: unknown,
            trustPath: credential.trustPath,
            format: "packed",
            backupEligible: false,
            at: Self.time
        )
        let decision = AssurancePolicy.evaluate(evidence, flags: Self.deviceBoundUV, metadata: metadata, at: Self.time)
        #expect(decision.outcome == .phr && decision.reasonCodes == ["attestation-unverified"])
        #expect(decision.reasons[0].text.contains("no MDS entry"))
        // A none attestation is phr too.
        let none = try await Self.evidence("reg-none-largeblob-localhost.json", metadata: metadata)
        #expect(AssurancePolicy.evaluate(none, flags: Self.deviceBoundUV, metadata: metadata, at: Self.time).reasonCodes == ["no-attestation"])
    }

    @Test("a backup-eligible credential is phr whatever its attestation")
    func backupEligible() async throws {
        let metadata = try await MDSCorpus.production.value
        var evidence = try await Self.evidence("reg-packed-x5c-yubikey5.json", metadata: metadata)
        evidence.backupEligible = true
        let flags = CeremonyFlags(userVerified: true, backupEligible: true, backupState: true)
        let decision = AssurancePolicy.evaluate(evidence, flags: flags, metadata: metadata, at: Self.time)
        #expect(decision.outcome == .phr && decision.reasonCodes == ["backup-eligible"])
        // BE changing between ceremonies rejects the credential.
        let changed = AssurancePolicy.evaluate(evidence, flags: Self.deviceBoundUV, metadata: metadata, at: Self.time)
        #expect(changed.outcome == .reject && changed.reasonCodes == ["backup-eligibility-changed"])
    }

    @Test("minimum certification L2: YubiKey 5 NFC (L1) is phr, YubiKey 5 FIPS (L2) is phrh")
    func minimumCertification() async throws {
        let metadata = try await MDSCorpus.production.value
        let settings = AssurancePolicySettings(minimumCertificationLevel: .l2)
        let l1 = try await Self.evidence("reg-packed-x5c-yubikey5.json", metadata: metadata)
        let l2 = try await Self.evidence("reg-packed-x5c-yubikey5fips-eddsa.json", metadata: metadata)
        let lower = AssurancePolicy.evaluate(l1, flags: Self.deviceBoundUV, metadata: metadata, settings: settings, at: Self.time)
        #expect(lower.outcome == .phr && lower.reasonCodes == ["certification-insufficient"])
        #expect(AssurancePolicy.evaluate(l2, flags: Self.deviceBoundUV, metadata: metadata, settings: settings, at: Self.time).outcome == .phrh)
    }

    @Test("stale metadata lowers phrh to phr with a reason, unless the setting keeps it")
    func stale() async throws {
        let metadata = try await MDSCorpus.production.value
        let evidence = try await Self.evidence("reg-packed-x5c-yubikey5.json", metadata: metadata)
        let later = MDSCorpus.day("2025-02-01")
        let decision = AssurancePolicy.evaluate(evidence, flags: Self.deviceBoundUV, metadata: metadata, at: later)
        #expect(decision.outcome == .phr && decision.reasonCodes == ["metadata-stale"])
        let kept = AssurancePolicy.evaluate(
            evidence,
            flags: Self.deviceBoundUV,
            metadata: metadata,
            settings: .init(staleMetadataLowersToPHR: false),
            at: later
        )
        #expect(kept.outcome == .phrh)
    }

    @Test("a key revoked since registration stops being phrh at the next sign-in")
    func revokedSinceRegistration() async throws {
        let metadata = try await MDSCorpus.production.value
        let evidence = try await Self.evidence("reg-packed-x5c-yubikey5.json", metadata: metadata)
        let aaguid = try #require(evidence.aaguid)
        let entry = try #require(metadata.entry(aaguid: aaguid))
        let revoked = StatusReport(status: .revoked, effectiveDate: MDSCorpus.day("2024-12-10"))
        let newer = MetadataSnapshot(
            number: 122,
            nextUpdate: MDSCorpus.day("2025-01-10"),
            entries: [Self.entry(entry, roots: entry.attestationRootCertificates, extraReports: [revoked])]
        )
        #expect(AssurancePolicy.evaluate(evidence, flags: Self.deviceBoundUV, metadata: newer, at: Self.time).outcome == .phrh)
        let after = AssurancePolicy.evaluate(evidence, flags: Self.deviceBoundUV, metadata: newer, at: MDSCorpus.day("2024-12-11"))
        #expect(after.outcome == .reject && after.reasonCodes == ["status-do-not-trust"])
    }

    @Test("the new-key hold: a key added from a session below phrh counts after the hold")
    func newKeyHold() async throws {
        let metadata = try await MDSCorpus.production.value
        var evidence = try await Self.evidence("reg-packed-x5c-yubikey5.json", metadata: metadata)
        evidence.addedFromSessionBelowPHRH = true
        let soon = Self.time.addingTimeInterval(3600)
        let held = AssurancePolicy.evaluate(evidence, flags: Self.deviceBoundUV, metadata: metadata, at: soon)
        #expect(held.outcome == .phr && held.reasonCodes == ["attestation-trusted", "new-key-hold"])
        #expect(held.countsForStepUpAt == Self.time.addingTimeInterval(24 * 3600))
        let dayLater = Self.time.addingTimeInterval(24 * 3600 + 1)
        #expect(AssurancePolicy.evaluate(evidence, flags: Self.deviceBoundUV, metadata: metadata, at: dayLater).outcome == .phrh)
        let noHold = AssurancePolicySettings(newKeyHold: .zero)
        #expect(AssurancePolicy.evaluate(evidence, flags: Self.deviceBoundUV, metadata: metadata, settings: noHold, at: soon).outcome == .phrh)
    }

    @Test("fido-u2f registrations are looked up by key identifier and stay phr (no UV)")
    func fidoU2F() async throws {
        let metadata = try await MDSCorpus.production.value
        let evidence = try await Self.evidence("reg-fido-u2f-yubikey-neo.json", metadata: metadata)
        #expect(evidence.aaguid == nil && evidence.attestationCertificateKeyIdentifier?.count == 40)
        let flags = CeremonyFlags(userVerified: false, backupEligible: false)
        #expect(AssurancePolicy.evaluate(evidence, flags: flags, metadata: metadata, at: Self.time).outcome == .phr)
    }

    static func entry(_ entry: MetadataEntry, roots: [Certificate], extraReports: [StatusReport] = []) -> MetadataEntry {
        MetadataEntry(
            aaguid: entry.aaguid,
            description: entry.description,
            protocolFamily: entry.protocolFamily,
            keyProtection: entry.keyProtection,
            attestationTypes: entry.attestationTypes,
            attestationRootCertificates: roots,
            statusReports: entry.statusReports + extraReports,
            timeOfLastStatusChange: entry.timeOfLastStatusChange
        )
    }
}
