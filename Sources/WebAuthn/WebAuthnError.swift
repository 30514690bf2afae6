/// The single error type of the WebAuthn module: a stable kebab-case `code` and a one-sentence
/// `reason` that never contains secrets. Two errors are equal when their codes are equal.
public struct WebAuthnError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, CaseIterable {
        // Encoding
        case malformedCredential = "malformed-credential"
        case invalidClientData = "invalid-client-data"
        case duplicateClientDataMember = "client-data-duplicate-member"
        case invalidAuthenticatorData = "invalid-authenticator-data"
        case invalidAttestationObject = "invalid-attestation-object"
        // Client data (WebAuthn L3 §7.1 steps 7–12, §7.2 steps 10–15)
        case typeMismatch = "type-mismatch"
        case challengeMismatch = "challenge-mismatch"
        case originMismatch = "origin-mismatch"
        case crossOriginNotAllowed = "cross-origin-not-allowed"
        case topOriginMismatch = "top-origin-mismatch"
        case tokenBindingInvalid = "token-binding-invalid"
        // Authenticator data
        case rpIDHashMismatch = "rp-id-hash-mismatch"
        case userNotPresent = "user-not-present"
        case userNotVerified = "user-not-verified"
        case invalidBackupFlags = "invalid-backup-flags"
        case backupEligibilityChanged = "backup-eligibility-changed"
        case attestedCredentialDataMissing = "attested-credential-data-missing"
        case credentialIDMismatch = "credential-id-mismatch"
        case credentialNotAllowed = "credential-not-allowed"
        case userHandleMismatch = "user-handle-mismatch"
        case userHandleMissing = "user-handle-missing"
        // Keys and signatures
        case invalidCOSEKey = "invalid-cose-key"
        case unsupportedAlgorithm = "unsupported-algorithm"
        case algorithmNotRequested = "algorithm-not-requested"
        case signatureInvalid = "signature-invalid"
        case signCountRegressed = "sign-count-regressed"
        // Attestation
        case unsupportedAttestationFormat = "unsupported-attestation-format"
        case invalidAttestationStatement = "invalid-attestation-statement"
        case attestationSignatureInvalid = "attestation-signature-invalid"
        case invalidCertificate = "invalid-certificate"
        case certificateRequirementsUnmet = "certificate-requirements-unmet"
        case aaguidMismatch = "aaguid-mismatch"
        case attestationNotTrusted = "attestation-not-trusted"
        case attestationTrustAnchorMissing = "attestation-trust-anchor-missing"
        case tpmCertInfoInvalid = "tpm-cert-info-invalid"
        case tpmPubAreaMismatch = "tpm-pub-area-mismatch"
        case androidKeyDescriptionInvalid = "android-key-description-invalid"
        case safetyNetInvalid = "safetynet-invalid"
        case safetyNetIntegrity = "safetynet-integrity"
        case appleNonceMismatch = "apple-nonce-mismatch"
        case attestationNotAllowed = "attestation-not-allowed"
        // Options
        case invalidOptions = "invalid-options"
    }

    public let code: Code
    public let reason: String

    package init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "webauthn.\(code.rawValue): \(reason)" }

    public static func == (lhs: WebAuthnError, rhs: WebAuthnError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
