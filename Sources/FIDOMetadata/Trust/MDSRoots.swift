import Foundation
import SwiftASN1
public import X509

/// The roots the FIDO Alliance signs MDS3 BLOBs under, shipped as resources of this target:
/// GlobalSign Root R46 (since 2026-08-21) and GlobalSign Root CA - R3 (before). The operator may
/// replace them (`passbank mds import --roots`), e.g. with the conformance tool's fake root.
public enum MDSRoots {
    public static let resourceNames = ["globalsign-root-r46", "globalsign-root-r3"]

    /// Both bundled roots, R46 first.
    /// - Throws: `roots-missing` when the resources are not in the bundle.
    public static func bundled() throws(MetadataError) -> [Certificate] {
        var roots: [Certificate] = []
        for name in resourceNames {
            guard let url = Bundle.module.url(forResource: name, withExtension: "pem", subdirectory: "Roots"),
                let text = try? String(contentsOf: url, encoding: .utf8)
            else { throw MetadataError(.rootsMissing, "The bundled root \(name).pem is missing from the FIDOMetadata resources.") }
            roots += try certificates(pem: text)
        }
        return roots
    }

    /// Every certificate of a PEM text.
    /// - Throws: `anchors-invalid` when there is none or one does not parse.
    public static func certificates(pem text: String) throws(MetadataError) -> [Certificate] {
        do {
            let certificates = try PEMDocument.parseMultiple(pemString: text).map { try Certificate(pemDocument: $0) }
            guard !certificates.isEmpty else { throw MetadataError(.anchorsInvalid, "The PEM text holds no certificate.") }
            return certificates
        } catch let error as MetadataError {
            throw error
        } catch {
            throw MetadataError(.anchorsInvalid, "The PEM text does not hold valid certificates: \(error).")
        }
    }
}
