import ArgumentParser
import FIDOMetadata
import Foundation

/// The files around FIDO metadata: the kept BLOB and its state under `var/mds/`, pinned roots, CRLs
/// and the operator's anchors directory. All file I/O for metadata lives here; FIDOMetadata stays pure.
struct MetadataFiles {
    /// `var/mds/`, beside the database.
    let directory: URL

    init(databaseURL: URL) {
        directory = databaseURL.deletingLastPathComponent().appendingPathComponent("mds")
    }

    var blobURL: URL { directory.appendingPathComponent("blob.jwt") }
    var stateURL: URL { directory.appendingPathComponent("state.json") }

    /// What was last accepted: kept in a small JSON file beside the BLOB (not in SQLite) so that
    /// `passbank mds import` works without opening the database, and the BLOB and its `no` move together.
    struct State: Codable {
        var no: Int
        var digest: String
        var nextUpdate: String
        var acceptedAt: Date
        var entries: Int
        var skippedEntries: Int
    }

    func readState() throws -> State? {
        guard FileManager.default.fileExists(atPath: stateURL.path) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(State.self, from: Data(contentsOf: stateURL))
        } catch {
            throw ValidationError("\(stateURL.path) is not a metadata state file: \(error.localizedDescription). Remove it to start over.")
        }
    }

    var previous: MetadataBLOBVerifier.Previous? {
        get throws { try readState().map { .init(number: $0.no, digest: $0.digest) } }
    }

    /// Keeps `blob` as the accepted BLOB and records its `no` (both written atomically).
    func keep(_ blob: [UInt8], snapshot: MetadataSnapshot, at time: Date) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if (try? Data(contentsOf: blobURL)) != Data(blob) {
            try Data(blob).write(to: blobURL, options: .atomic)
        }
        let state = State(
            no: snapshot.number,
            digest: snapshot.verification?.digest ?? "",
            nextUpdate: Self.day(snapshot.nextUpdate),
            acceptedAt: time,
            entries: snapshot.entries.count,
            skippedEntries: snapshot.skippedEntries.count
        )
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(state).write(to: stateURL, options: .atomic)
    }

    /// Pinned roots the operator chose instead of the bundled ones (written by `mds import --roots`).
    var rootsURL: URL { directory.appendingPathComponent("roots.pem") }

    /// A verifier with the pinned roots — `--roots` files, else `var/mds/roots.pem`, else the bundled
    /// GlobalSign R46 and R3 — and the given CRL files.
    func verifier(roots paths: [String], crls crlPaths: [String]) throws -> MetadataBLOBVerifier {
        let pem = try paths.isEmpty ? (try? String(contentsOf: rootsURL, encoding: .utf8)) : Self.pemText(paths)
        let crls = try crlPaths.map { try CertificateRevocationList(derEncoded: Array(try Data(contentsOf: URL(fileURLWithPath: $0)))) }
        // The bundled GlobalSign roots also sign the web: require the MDS signer's name with them.
        guard let pem else { return try .fidoAlliance(crls: crls) }
        let roots = try MDSRoots.certificates(pem: pem)
        return MetadataBLOBVerifier(roots: roots, crls: crls)
    }

    /// Remembers `--roots` so that `serve` and later commands pin the same roots.
    func keepRoots(_ paths: [String]) throws {
        guard !paths.isEmpty else { return }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(try Self.pemText(paths).utf8).write(to: rootsURL, options: .atomic)
    }

    private static func pemText(_ paths: [String]) throws -> String {
        try paths.map { try String(contentsOf: URL(fileURLWithPath: $0), encoding: .utf8) }.joined(separator: "\n")
    }

    /// `DIR/anchors.json` and the PEM files it names, from `DIR` only.
    static func operatorAnchors(directory: URL?) throws -> OperatorTrustAnchors {
        guard let directory else { return .none }
        let manifest = directory.appendingPathComponent("anchors.json")
        guard let data = try? Data(contentsOf: manifest) else {
            throw ValidationError("\(manifest.path) cannot be read: --trust-anchors needs a folder with anchors.json.")
        }
        return try OperatorTrustAnchors(manifest: data) { name in try Data(contentsOf: directory.appendingPathComponent(name)) }
    }

    /// Parses `YYYY-MM-DD` (noon UTC) or a full ISO 8601 instant, for `--at`.
    static func time(_ text: String?) throws -> Date {
        guard let text else { return Date() }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) ?? formatter.date(from: text + "T12:00:00Z") { return date }
        throw ValidationError("--at \(text) is not a date (YYYY-MM-DD) or an ISO 8601 instant.")
    }

    static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: date)
    }
}

/// A metadata command that failed for a reason other than its arguments: printed without the usage text.
struct MetadataCommandFailure: Error, CustomStringConvertible {
    let description: String
}
