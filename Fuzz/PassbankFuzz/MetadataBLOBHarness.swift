import FIDOMetadata
import Foundation

/// MDS3 BLOB verification (FIDO MDS3 §3.2) with the bundled GlobalSign roots at a fixed time, and one
/// payload entry (§3.1.1). Nearly every mutated BLOB fails its signature: the point is that it fails by
/// throwing, never by trapping or hanging, in the JWS split, header, x5c and signature code.
enum MetadataBLOBHarness {
    static let verifier: MetadataBLOBVerifier = {
        guard let verifier = try? MetadataBLOBVerifier.fidoAlliance() else { fatalError("bundled MDS roots missing") }
        return verifier
    }()
    /// 2024-12-15T00:00:00Z: before the production BLOB's nextUpdate, inside its chain's validity.
    static let time = Date(timeIntervalSince1970: 1_734_220_800)

    static func run(_ bytes: [UInt8]) {
        _ = BlockingTask.run {
            try? await verifier.verify(bytes, at: time)
        }
        _ = try? MetadataEntry(json: Data(bytes))
    }
}
