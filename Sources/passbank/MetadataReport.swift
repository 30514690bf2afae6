import FIDOMetadata
import Foundation

/// Human-readable lines about a verified BLOB, for the CLI and the server's start message.
enum MetadataReport {
    static func lines(_ snapshot: MetadataSnapshot, at time: Date) -> [String] {
        var lines: [String] = []
        let day = MetadataFiles.day
        let counts = snapshot.identifierCounts
        lines.append(
            "FIDO metadata no \(snapshot.number), nextUpdate \(day(snapshot.nextUpdate))\(snapshot.isStale(at: time) ? " — STALE: refresh it" : ""): \(snapshot.entries.count) entries (\(counts.aaguid) AAGUID, \(counts.keyIdentifier) U2F key id, \(counts.aaid) AAID)."
        )
        if !snapshot.skippedEntries.isEmpty {
            lines.append("Skipped \(snapshot.skippedEntries.count) broken entries: \(snapshot.skippedEntries.prefix(3).joined(separator: "; "))")
        }
        if !snapshot.entryWarnings.isEmpty {
            lines.append(
                "\(snapshot.entryWarnings.count) entries have unparsable attestation roots (ignored): \(snapshot.entryWarnings.prefix(2).joined(separator: "; "))"
            )
        }
        if let verification = snapshot.verification {
            lines.append(
                "Signed \(verification.algorithm) by \(verification.chainSubjects.joined(separator: " <- ")), checked at \(day(verification.validationTime))."
            )
            for check in verification.revocation {
                lines.append("Revocation of \(check.subject): \(check.status)")
            }
        }
        return lines
    }

    static func print(_ snapshot: MetadataSnapshot, at time: Date) {
        for line in lines(snapshot, at: time) { say(line) }
    }
}
