import Foundation
import SwiftASN1
@_spi(FixedExpiryValidationTime) import X509

/// Validates an attestation trust path against caller-supplied anchors only (WebAuthn L3 §7.1 steps
/// 23–24), at an injected time. Certificates after the leaf in `x5c` are untrusted intermediates; a root
/// that arrives in `x5c` is never an anchor.
struct AttestationChainValidator {
    let anchors: [Certificate]
    let validationTime: Date

    func validate(_ trustPath: [Certificate]) async throws(WebAuthnError) {
        guard let leaf = trustPath.first else { return }
        let roots = CertificateStore(anchors)
        let intermediates = CertificateStore(trustPath.dropFirst())
        let time = validationTime
        var verifier = Verifier(rootCertificates: roots) {
            RFC5280Policy(fixedExpiryValidationTime: time)
            AttestationExtensionsPolicy()
        }
        let result = await verifier.validate(leaf: leaf, intermediates: intermediates)
        switch result {
        case .validCertificate:
            return
        case .couldNotValidate(let failures):
            let detail = failures.first.map { "\($0.policyFailureReason)" } ?? "no path to a trusted anchor"
            throw WebAuthnError(.attestationNotTrusted, "The attestation chain does not validate to a trusted anchor: \(detail).")
        }
    }
}

/// Marks as handled the critical extensions that attestation formats check themselves: the TPM AIK's
/// subjectAltName and extendedKeyUsage (TPM format code, WebAuthn L3 §8.3.1), and certificatePolicies,
/// which Windows TPM AIKs mark critical: the relying party sets no initial policy, so any policy is
/// acceptable (RFC 5280 §6.1.1 (c) with any-policy) and there is nothing further to enforce.
struct AttestationExtensionsPolicy: VerifierPolicy {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = [
        .X509ExtensionID.subjectAlternativeName,
        .X509ExtensionID.extendedKeyUsage,
        [2, 5, 29, 32],  // certificatePolicies
    ]

    func chainMeetsPolicyRequirements(chain: UnverifiedCertificateChain) async -> PolicyEvaluationResult {
        .meetsPolicy
    }
}
