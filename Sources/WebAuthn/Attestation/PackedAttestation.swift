import CBOR
import SwiftASN1
import X509

/// Packed attestation (WebAuthn L3 §8.2).
enum PackedAttestation: AttestationStatementFormat {
    static let identifier = "packed"

    static func verify(_ input: AttestationInput) throws(WebAuthnError) -> AttestationOutcome {
        let statement = input.statement
        let alg = try statement.algorithm(format: identifier)
        let sig = try statement.signature(format: identifier)
        if statement[text: "x5c"] != nil {
            // §8.2 verification procedure, x5c present: sig is a valid signature over
            // authenticatorData ‖ clientDataHash by the attestation certificate's key using alg.
            let certificates = try statement.certificates(format: identifier)
            let leaf = certificates[0]
            guard try leaf.verify(sig, over: input.signedData, algorithm: alg) else {
                throw WebAuthnError(.attestationSignatureInvalid, "The packed attestation signature does not verify with x5c[0].")
            }
            // §8.2.1 certificate requirements.
            try checkRequirements(leaf)
            // §8.2 step 2: the AAGUID extension, if present, matches authData.
            try leaf.checkAAGUIDExtension(matches: input.credential.aaguid)
            return AttestationOutcome(type: .basic, trustPath: certificates)
        }
        // §8.2 self attestation: alg matches the credential key's alg and sig verifies with it.
        guard alg == input.credentialKey.algorithm else {
            throw WebAuthnError(.invalidAttestationStatement, "Self attestation alg differs from the credential key's algorithm.")
        }
        guard input.credentialKey.isValidSignature(sig, for: input.signedData) else {
            throw WebAuthnError(.attestationSignatureInvalid, "The packed self-attestation signature does not verify with the credential key.")
        }
        return AttestationOutcome(type: .self, trustPath: [])
    }

    /// WebAuthn L3 §8.2.1: version 3; subject C, O, OU "Authenticator Attestation", CN; not a CA.
    static func checkRequirements(_ leaf: Certificate) throws(WebAuthnError) {
        guard leaf.version == .v3 else {
            throw WebAuthnError(.certificateRequirementsUnmet, "The packed attestation certificate is not X.509 v3.")
        }
        let country = leaf.subjectValues(ASN1ObjectIdentifier.RDNAttributeType.countryName)
        let organization = leaf.subjectValues(ASN1ObjectIdentifier.RDNAttributeType.organizationName)
        let unit = leaf.subjectValues(ASN1ObjectIdentifier.RDNAttributeType.organizationalUnitName)
        let common = leaf.subjectValues(ASN1ObjectIdentifier.RDNAttributeType.commonName)
        guard country.count == 1, !organization.isEmpty, unit == ["Authenticator Attestation"], !common.isEmpty else {
            throw WebAuthnError(
                .certificateRequirementsUnmet,
                "The packed attestation certificate's subject lacks C, O, OU=Authenticator Attestation or CN."
            )
        }
        guard !leaf.isCertificateAuthority else {
            throw WebAuthnError(.certificateRequirementsUnmet, "The packed attestation certificate is a CA certificate.")
        }
    }
}
