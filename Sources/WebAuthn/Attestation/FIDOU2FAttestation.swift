import Crypto
import X509

/// FIDO U2F attestation (WebAuthn L3 §8.6).
enum FIDOU2FAttestation: AttestationStatementFormat {
    static let identifier = "fido-u2f"

    static func verify(_ input: AttestationInput) throws(WebAuthnError) -> AttestationOutcome {
        let statement = input.statement
        let sig = try statement.signature(format: identifier)
        // §8.6 step 2: exactly one certificate with an EC P-256 public key.
        let certificates = try statement.certificates(format: identifier)
        guard certificates.count == 1 else {
            throw WebAuthnError(.invalidAttestationStatement, "A fido-u2f statement must carry exactly one certificate.")
        }
        let leaf = certificates[0]
        guard P256.Signing.PublicKey(leaf.publicKey) != nil else {
            throw WebAuthnError(.certificateRequirementsUnmet, "The fido-u2f attestation key is not on P-256.")
        }
        // §8.6 step 4: the credential key must be EC2 P-256; build the raw 65-byte point.
        guard input.credentialKey.algorithm == .es256, case .p256(let key) = input.credentialKey.key else {
            throw WebAuthnError(.invalidAttestationStatement, "A fido-u2f credential key must be ES256 on P-256.")
        }
        // §8.6 step 5: verificationData = 0x00 ‖ rpIdHash ‖ clientDataHash ‖ credentialId ‖ publicKeyU2F.
        let data: [UInt8] =
            [0x00] + input.authenticatorData.rpIDHash + input.clientDataHash
            + input.credential.credentialID + Array(key.x963Representation)
        // §8.6 step 6: verify with the certificate key (ECDSA P-256 with SHA-256).
        guard try leaf.verify(sig, over: data, algorithm: .es256) else {
            throw WebAuthnError(.attestationSignatureInvalid, "The fido-u2f attestation signature does not verify.")
        }
        // §8.6 step 7: Basic or AttCA; without metadata they cannot be told apart.
        return AttestationOutcome(type: .basic, trustPath: certificates)
    }
}
