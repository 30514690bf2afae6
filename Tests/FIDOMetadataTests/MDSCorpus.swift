import FIDOMetadata
import Foundation
import Testing
import X509

/// The shared corpus `../shared/fixtures/mds` (read in place, never copied), and the production BLOB
/// verified once for all suites.
enum MDSCorpus {
    /// Tests/FIDOMetadataTests -> package root -> ../shared/fixtures.
    static let fixtures: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/fixtures")
    static let directory = fixtures.appendingPathComponent("mds")

    static var isRequired: Bool { ProcessInfo.processInfo.environment["PASSBANK_CORPUS"] == "required" }
    static var isPresent: Bool { FileManager.default.fileExists(atPath: directory.appendingPathComponent("SOURCES.md").path) }
    /// Skip corpus tests when the folder is absent, unless the corpus is required (then they run and fail).
    static var available: Bool { isPresent || isRequired }

    static let productionBLOB = "blobs/prod-mds3-no121-nextUpdate-2025-01-01.jwt"
    static let conformanceBLOB = "blobs/conformance-fake-mds3-no42-nextUpdate-2023-11-08.jwt"
    static let specExampleBLOB = "blobs/spec-example-mds3-no15-nextUpdate-2020-03-30.jwt"

    static func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(path)))
    }

    static func root(_ name: String) throws -> [Certificate] {
        try MDSRoots.certificates(pem: String(decoding: try bytes("roots/\(name)"), as: UTF8.self))
    }

    static func crls() throws -> [CertificateRevocationList] {
        try ["crls/globalsign-root-r3_2024-07-07.crl", "crls/globalsign-ev-ca-sha256-g3_2024-08-31.crl"].map {
            try CertificateRevocationList(derEncoded: try bytes($0))
        }
    }

    /// `YYYY-MM-DD` at noon UTC.
    static func day(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text + "T12:00:00Z")!
    }

    /// The production BLOB (no 121) verified at 2024-12-02 against the bundled roots, once.
    static let production: Task<MetadataSnapshot, any Error> = Task {
        try await MetadataBLOBVerifier.fidoAlliance().verify(try bytes(productionBLOB), at: day("2024-12-02"))
    }
}
