import Crypto
import CryptoExtras
import Foundation
import X509

/// A public key ready to check signatures, from a COSE key or an X.509 certificate.
enum VerificationKey: Sendable {
    case p256(P256.Signing.PublicKey)
    case p384(P384.Signing.PublicKey)
    case p521(P521.Signing.PublicKey)
    case ed25519(Curve25519.Signing.PublicKey)
    case rsa(_RSA.Signing.PublicKey)
    case mlDSA65(MLDSA65.PublicKey)

    /// The key inside a certificate. RSA keys of 1024 bits or more are accepted here because real
    /// attestation certificates (TPM AIKs, SafetyNet) carry them; credential keys go through `COSEKey`.
    init(certificateKey key: Certificate.PublicKey) throws(WebAuthnError) {
        if let k = P256.Signing.PublicKey(key) {
            self = .p256(k)
        } else if let k = P384.Signing.PublicKey(key) {
            self = .p384(k)
        } else if let k = P521.Signing.PublicKey(key) {
            self = .p521(k)
        } else if let k = Curve25519.Signing.PublicKey(key) {
            self = .ed25519(k)
        } else if let k = _RSA.Signing.PublicKey(key) {
            self = .rsa(k)
        } else {
            throw WebAuthnError(.unsupportedAlgorithm, "The certificate's public key type is not supported.")
        }
    }

    /// Checks `signature` over `data` with the COSE algorithm `algorithm`; a key/algorithm mismatch is an error.
    func verify(_ signature: [UInt8], over data: some DataProtocol, algorithm: COSEAlgorithm) throws(WebAuthnError) -> Bool {
        switch (self, algorithm) {
        case (.p256(let key), .es256):
            guard let sig = try? P256.Signing.ECDSASignature(derRepresentation: signature) else { return false }
            return key.isValidSignature(sig, for: data)
        case (.p384(let key), .es384):
            guard let sig = try? P384.Signing.ECDSASignature(derRepresentation: signature) else { return false }
            return key.isValidSignature(sig, for: data)
        case (.p521(let key), .es512):
            guard let sig = try? P521.Signing.ECDSASignature(derRepresentation: signature) else { return false }
            return key.isValidSignature(sig, for: data)
        case (.ed25519(let key), .edDSA), (.ed25519(let key), .ed25519):
            return key.isValidSignature(signature, for: data)
        case (.mlDSA65(let key), .mlDSA65):
            return key.isValidSignature(signature, for: data)
        case (.rsa(let key), _):
            let sig = _RSA.Signing.RSASignature(rawRepresentation: signature)
            switch algorithm {
            case .rs256: return key.isValidSignature(sig, for: SHA256.hash(data: data), padding: .insecurePKCS1v1_5)
            case .rs384: return key.isValidSignature(sig, for: SHA384.hash(data: data), padding: .insecurePKCS1v1_5)
            case .rs512: return key.isValidSignature(sig, for: SHA512.hash(data: data), padding: .insecurePKCS1v1_5)
            case .ps256: return key.isValidSignature(sig, for: SHA256.hash(data: data), padding: .PSS)
            case .ps384: return key.isValidSignature(sig, for: SHA384.hash(data: data), padding: .PSS)
            case .ps512: return key.isValidSignature(sig, for: SHA512.hash(data: data), padding: .PSS)
            case .rs1: return key.isValidSignature(sig, for: Insecure.SHA1.hash(data: data), padding: .insecurePKCS1v1_5)
            default: break
            }
        default:
            break
        }
        throw WebAuthnError(.unsupportedAlgorithm, "The algorithm \(algorithm) does not match the key type.")
    }
}
