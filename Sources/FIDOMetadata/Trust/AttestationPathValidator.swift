import Crypto
import Foundation
import SwiftASN1
@_spi(FixedExpiryValidationTime) import X509

/// Validates an attestation trust path to the roots of one metadata entry or operator anchor only
/// (WebAuthn L3 §7.1 step 23; FIDO MDS3 §3.1.1: attestationRootCertificates). Certificates after the
/// leaf are untrusted intermediates, so a root that arrives in `x5c` never anchors anything.
struct AttestationPathValidator {
    let roots: [Certificate]
    let time: Date

    /// nil when the path validates, else why not.
    func failure(of trustPath: [Certificate]) async -> String? {
        guard let leaf = trustPath.first else { return "there is no attestation certificate" }
        guard !roots.isEmpty else { return "the entry lists no attestation root" }
        let time = self.time
        var verifier = Verifier(rootCertificates: CertificateStore(roots)) {
            RFC5280Policy(fixedExpiryValidationTime: time)
            AttestationCriticalExtensions()
        }
        switch await verifier.validate(leaf: leaf, intermediates: CertificateStore(trustPath.dropFirst())) {
        case .validCertificate:
            return nil
        case .couldNotValidate(let failures):
            return failures.first.map { "\($0.policyFailureReason)" } ?? "no path to the entry's roots"
        }
    }

    /// The fido-u2f lookup key: lower-case hex SHA-1 of the leaf's subjectPublicKey bits (FIDO MDS3
    /// §3.1.1 attestationCertificateKeyIdentifiers; RFC 5280 §4.2.1.2 method 1).
    static func keyIdentifier(of certificate: Certificate) -> String? {
        // swift-certificates' `subjectPublicKeyInfoBytes` is the subjectPublicKey BIT STRING's content.
        let bits = certificate.publicKey.subjectPublicKeyInfoBytes
        guard !bits.isEmpty else { return nil }
        return Insecure.SHA1.hash(data: bits).map { String(format: "%02x", $0) }.joined()
    }
}

/// Critical extensions that attestation formats check themselves (TPM AIK subjectAltName and
/// extendedKeyUsage, WebAuthn L3 §8.3.1; certificatePolicies with no initial policy set, RFC 5280 §6.1.1).
struct AttestationCriticalExtensions: VerifierPolicy {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = [
        .X509ExtensionID.subjectAlternativeName, .X509ExtensionID.extendedKeyUsage, [2, 5, 29, 32],
    ]

    func chainMeetsPolicyRequirements(chain: UnverifiedCertificateChain) async -> PolicyEvaluationResult { .meetsPolicy }
}
