import ArgumentParser
import FIDOMetadata
import Foundation

struct MDSShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one authenticator's metadata entry, its status, and which level its passkeys would get and why."
    )

    @Argument(help: "An AAGUID, a fido-u2f attestation certificate key identifier (hex SHA-1), or a UAF AAID.")
    var identifier: String

    @Option(name: .customLong("trust-anchors"), help: "Operator anchors folder with anchors.json, as for serve. (env PASSBANK_TRUST_ANCHORS)")
    var trustAnchors: String?

    @Option(name: .customLong("min-certification"), help: "Lowest certification level that reaches phrh: L1, L2 or L3. (default L1)")
    var minimumCertification = "L1"

    @OptionGroup var options: MDSOptions

    func run() async throws {
        let time = try MetadataFiles.time(options.at)
        let files = options.files
        var snapshot: MetadataSnapshot?
        if let data = FileManager.default.contents(atPath: files.blobURL.path) {
            snapshot = try await files.verifier(roots: options.roots, crls: options.crls).verify(Array(data), at: time)
        } else {
            say("No FIDO metadata is kept in \(files.directory.path); showing operator anchors only.")
        }
        let anchorsPath = EnvironmentValue().optionalString(trustAnchors, "PASSBANK_TRUST_ANCHORS")
        let anchors = try MetadataFiles.operatorAnchors(directory: anchorsPath.map { URL(fileURLWithPath: $0) })
        guard let level = CertificationLevel(minimumCertification) else {
            throw ValidationError("--min-certification \(minimumCertification) is not L1, L2 or L3.")
        }
        let aaguid = AAGUID(identifier)
        let entry =
            aaguid.flatMap { snapshot?.entry(aaguid: $0) } ?? snapshot?.entry(attestationCertificateKeyIdentifier: identifier)
            ?? snapshot?.entry(aaid: identifier)
        say("Name shown to people: \(ProviderNames().name(for: aaguid, metadata: snapshot))")
        if let entry {
            printEntry(entry, at: time)
        } else {
            say("No metadata entry for \(identifier).")
        }
        let anchor = aaguid.flatMap { anchors.anchor(for: $0) }
        if let anchor { say("Operator anchor: \(anchor.name)\(anchor.isTest ? " (TEST)" : ""), \(anchor.roots.count) root(s).") }
        // What the policy would say for a passkey of this authenticator whose chain verified.
        let chain: AttestationEvidence.ChainTrust =
            entry != nil
            ? .metadataEntry
            : anchor.map { .operatorAnchor(name: $0.name) } ?? .unverified(reason: "No MDS entry or operator anchor names this authenticator.")
        let keyIdentifier = entry?.attestationCertificateKeyIdentifiers.first
        let settings = AssurancePolicySettings(minimumCertificationLevel: level)
        let cases: [(String, CeremonyFlags, Bool)] = [
            ("device-bound key, UV=1, BE=0", CeremonyFlags(userVerified: true, backupEligible: false), false),
            ("same key without user verification (UV=0)", CeremonyFlags(userVerified: false, backupEligible: false), false),
            ("a synced passkey (BE=1)", CeremonyFlags(userVerified: true, backupEligible: true), true),
        ]
        say("Levels a passkey would get at \(MetadataFiles.day(time)) (attestation chain verified to its own roots):")
        for (label, flags, backupEligible) in cases {
            let evidence = AttestationEvidence(
                aaguid: aaguid,
                attestationCertificateKeyIdentifier: keyIdentifier,
                format: "packed",
                chain: chain,
                backupEligible: backupEligible,
                registeredAt: time
            )
            let decision = AssurancePolicy.evaluate(
                evidence,
                flags: flags,
                metadata: snapshot,
                operatorAnchors: anchors,
                settings: settings,
                at: time
            )
            say("  \(label): \(decision.outcome) — \(decision.reasons.map(\.text).joined(separator: " "))")
        }
    }

    func printEntry(_ entry: MetadataEntry, at time: Date) {
        let status = entry.status(at: time)
        say("Entry \(entry.identifier): \(entry.description ?? "(no description)")")
        say(
            "  protocol \(entry.protocolFamily ?? "?"), attestation \(entry.attestationTypes.joined(separator: ", ")), key protection \(entry.keyProtection.joined(separator: ", "))"
        )
        say("  \(entry.attestationRootCertificates.count) attestation root(s): \(entry.attestationRootSubjects.joined(separator: "; "))")
        for report in entry.statusReports {
            say("  status \(report.status) effective \(report.effectiveDate.map(MetadataFiles.day) ?? "(no date)")")
        }
        say(
            "  in force: \(status.current?.status.rawValue ?? "none"); certification \(status.certificationLevel?.description ?? "none"); \(status.doNotTrust.map { "DO NOT TRUST (\($0.status))" } ?? "no bad status")"
        )
    }
}
