import ArgumentParser
import FIDOMetadata
import Foundation

/// `passbank mds …`: the FIDO Metadata Service BLOB that decides how much a passkey is worth.
struct MDSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mds",
        abstract: "Import, refresh and inspect the FIDO metadata (MDS3 BLOB) kept under var/mds/.",
        subcommands: [MDSImportCommand.self, MDSRefreshCommand.self, MDSStatusCommand.self, MDSShowCommand.self]
    )
}

/// Options every `mds` subcommand shares.
struct MDSOptions: ParsableArguments {
    @Option(help: "SQLite database file; the metadata lives in the mds folder beside it. (env PASSBANK_DATABASE, default var/passbank.sqlite)")
    var database: String?

    @Option(help: "Validation time, YYYY-MM-DD or ISO 8601 (default: now). For checking old BLOBs; never for serving.")
    var at: String?

    @Option(
        name: .customLong("roots"),
        help: "PEM file of pinned roots instead of the bundled GlobalSign R46 and R3; import keeps them for serve. (repeatable)"
    )
    var roots: [String] = []

    @Option(name: .customLong("crl"), help: "DER CRL file for the BLOB's chain; revocation is reported per certificate. (repeatable)")
    var crls: [String] = []

    var files: MetadataFiles {
        MetadataFiles(databaseURL: URL(fileURLWithPath: EnvironmentValue().string(database, "PASSBANK_DATABASE", default: "var/passbank.sqlite")))
    }

    /// Verifies `blob` against the last accepted state, keeps it, and prints what was accepted.
    func accept(_ blob: [UInt8], source: String) async throws {
        let time = try MetadataFiles.time(at)
        let files = self.files
        let snapshot = try await files.verifier(roots: roots, crls: crls).verify(blob, at: time, previous: try files.previous)
        try files.keep(blob, snapshot: snapshot, at: Date())
        try files.keepRoots(roots)
        say("Verified \(source) and kept it as \(files.blobURL.path).")
        MetadataReport.print(snapshot, at: time)
    }
}

struct MDSImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Verify an MDS3 BLOB file (signature, chain to the pinned roots, no) and keep it under var/mds/."
    )

    @Argument(help: "The BLOB file (a JWS, as downloaded from https://mds3.fidoalliance.org/).")
    var file: String

    @OptionGroup var options: MDSOptions

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ValidationError("\(file) cannot be read.")
        }
        try await options.accept(Array(data), source: file)
    }
}

struct MDSStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the kept BLOB: no, nextUpdate, staleness, entries, and whether it still verifies."
    )

    @OptionGroup var options: MDSOptions

    func run() async throws {
        let files = options.files
        guard let state = try files.readState(), let data = FileManager.default.contents(atPath: files.blobURL.path) else {
            say("No FIDO metadata is kept in \(files.directory.path): only operator trust anchors can make a passkey phrh.")
            say("Import one with: passbank mds import FILE   (or passbank mds refresh when online)")
            return
        }
        say("Kept BLOB: no \(state.no), nextUpdate \(state.nextUpdate), \(state.entries) entries, accepted \(state.acceptedAt).")
        let time = try MetadataFiles.time(options.at)
        do {
            let verifier = try files.verifier(roots: options.roots, crls: options.crls)
            let snapshot = try await verifier.verify(Array(data), at: time, previous: nil)
            MetadataReport.print(snapshot, at: time)
        } catch let error as MetadataError {
            say("It does not verify at \(MetadataFiles.day(time)): \(error.reason) (\(error.code))")
            throw ExitCode(2)
        }
    }
}
