import ArgumentParser
import FIDOMetadata
import Foundation
import PassbankServer

/// Loads and verifies the metadata and operator anchors when `passbank serve` starts, and says what
/// it found: the BLOB's state, and a loud warning for `test` anchors.
enum MetadataStartup {
    /// The configuration with `metadata` and `operatorAnchors` filled in.
    /// - Throws: `ValidationError` when an explicitly given BLOB or anchors folder is unusable.
    static func loaded(_ configuration: ServerConfiguration, at time: Date = Date()) async throws -> ServerConfiguration {
        var configuration = configuration
        configuration.operatorAnchors = try MetadataFiles.operatorAnchors(directory: configuration.trustAnchorsDirectory)
        let files = MetadataFiles(databaseURL: configuration.databaseURL)
        if let explicit = configuration.metadataBlob {
            guard let data = FileManager.default.contents(atPath: explicit.path) else {
                throw ValidationError("--mds-blob \(explicit.path) cannot be read.")
            }
            do {
                let snapshot = try await files.verifier(roots: [], crls: []).verify(Array(data), at: time, previous: try files.previous)
                try files.keep(Array(data), snapshot: snapshot, at: time)
                configuration.metadata = snapshot
            } catch let error as MetadataError {
                throw ValidationError("--mds-blob \(explicit.path) was refused: \(error.reason) (\(error.code))")
            }
        } else if let data = FileManager.default.contents(atPath: files.blobURL.path) {
            do {
                configuration.metadata = try await files.verifier(roots: [], crls: []).verify(Array(data), at: time, previous: nil)
            } catch let error as MetadataError {
                // The kept BLOB no longer verifies (e.g. its signing certificate expired): serve without it.
                say("WARNING: the kept FIDO metadata \(files.blobURL.path) does not verify now: \(error.reason) (\(error.code))")
            }
        }
        for line in startLines(configuration, at: time) { say(line) }
        return configuration
    }

    static func startLines(_ configuration: ServerConfiguration, at time: Date) -> [String] {
        var lines: [String] = []
        let health = MetadataHealth(snapshot: configuration.metadata, operatorAnchors: configuration.operatorAnchors, at: time)
        lines.append("Metadata \(health.status): \(health.detail)")
        for anchor in configuration.operatorAnchors.anchors {
            lines.append("Operator trust anchor \(anchor.name): \(anchor.aaguids.count) AAGUID(s), \(anchor.roots.count) root(s).")
        }
        for anchor in configuration.operatorAnchors.testAnchors {
            lines.append(
                "WARNING: TEST TRUST ANCHOR '\(anchor.name)' is active. Keys it attests can reach phrh. Never use it in production."
            )
        }
        let hold = configuration.newKeyHold.components.seconds
        lines.append(
            "Assurance: phrh needs certification \(configuration.minimumCertificationLevel) or higher; new-key hold \(hold / 3600) h \(hold % 3600 / 60) min."
        )
        return lines
    }

    /// Parses `--new-key-hold`: `0`, or a whole number with `s`, `m`, `h` or `d`.
    static func duration(_ text: String, option: String = "--new-key-hold") throws -> Duration {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        if text == "0" { return .zero }
        guard let unit = text.last, let factor = units[unit], let value = Int64(text.dropLast()), value >= 0, value <= 365 * 86_400 / factor else {
            throw ValidationError("\(option) \(text) is not a duration such as 0, 90s, 30m, 24h or 7d.")
        }
        return .seconds(value * factor)
    }
}
