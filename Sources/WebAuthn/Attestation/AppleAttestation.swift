import Crypto
import SwiftASN1
import X509

/// Apple anonymous attestation (WebAuthn L3 §8.8).
enum AppleAttestation: AttestationStatementFormat {
    static let identifier = "apple"
    /// Apple's nonce extension.
    static let nonceOID: ASN1ObjectIdentifier = [1, 2, 840, 113635, 100, 8, 2]

    static func verify(_ input: AttestationInput) throws(WebAuthnError) -> AttestationOutcome {
        // §8.8 step 1: x5c present, credCert first.
        let certificates = try input.statement.certificates(format: identifier)
        let credCert = certificates[0]
        // §8.8 steps 2–3: nonce = SHA-256(authenticatorData ‖ clientDataHash).
        let nonce = Array(SHA256.hash(data: input.signedData))
        // §8.8 step 4: the nonce extension holds that nonce: SEQUENCE { [1] EXPLICIT OCTET STRING }.
        guard let ext = credCert.extensions[oid: nonceOID] else {
            throw WebAuthnError(.appleNonceMismatch, "The Apple credential certificate has no nonce extension.")
        }
        let certified: [UInt8]
        do {
            let root = try DER.parse(ext.value)
            certified = try DER.sequence(root, identifier: .sequence) { nodes in
                try DER.explicitlyTagged(&nodes, tagNumber: 1, tagClass: .contextSpecific) { node in
                    Array(try ASN1OctetString(derEncoded: node).bytes)
                }
            }
        } catch {
            throw WebAuthnError(.invalidCertificate, "The Apple nonce extension is malformed.")
        }
        guard certified == nonce else {
            throw WebAuthnError(.appleNonceMismatch, "The Apple nonce extension does not match the attested data.")
        }
        // §8.8 step 5: the credential public key equals the certificate's subject public key.
        guard input.credentialKey.matches(credCert) else {
            throw WebAuthnError(.attestationSignatureInvalid, "The credential key is not the key in the Apple credential certificate.")
        }
        // §8.8 step 6: anonymization CA.
        return AttestationOutcome(type: .anonymizationCA, trustPath: certificates)
    }
}
