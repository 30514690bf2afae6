import SwiftASN1
import X509

extension Certificate {
    /// id-fido-gen-ce-aaguid (FIDO Authenticator Metadata / WebAuthn L3 §8.2.1).
    static let aaguidExtensionOID: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 45724, 1, 1, 4]

    /// WebAuthn L3 §8.2.1 / §8.3.1: if the certificate carries id-fido-gen-ce-aaguid, it must not be
    /// critical and must equal the AAGUID in authenticator data.
    func checkAAGUIDExtension(matches aaguid: [UInt8]) throws(WebAuthnError) {
        guard let ext = extensions[oid: Self.aaguidExtensionOID] else { return }
        guard !ext.critical else {
            throw WebAuthnError(.certificateRequirementsUnmet, "The AAGUID extension must not be critical.")
        }
        guard let octets = try? ASN1OctetString(derEncoded: ext.value), octets.bytes.count == 16 else {
            throw WebAuthnError(.invalidCertificate, "The AAGUID extension is not a 16-byte OCTET STRING.")
        }
        guard Array(octets.bytes) == aaguid else {
            throw WebAuthnError(.aaguidMismatch, "The certificate's AAGUID extension differs from the AAGUID in authenticator data.")
        }
    }

    /// The values of one attribute type in the subject, as strings.
    func subjectValues(_ type: ASN1ObjectIdentifier) -> [String] {
        subject.flatMap { rdn in rdn.filter { $0.type == type }.map { "\($0.value)" } }
    }

    /// Basic Constraints CA must be false (absent counts as false).
    var isCertificateAuthority: Bool {
        guard let constraints = try? extensions.basicConstraints else { return false }
        if case .isCertificateAuthority = constraints { return true }
        return false
    }

    /// Checks a signature by this certificate's key with a COSE algorithm.
    func verify(_ signature: [UInt8], over data: [UInt8], algorithm: COSEAlgorithm) throws(WebAuthnError) -> Bool {
        try VerificationKey(certificateKey: publicKey).verify(signature, over: data, algorithm: algorithm)
    }
}
