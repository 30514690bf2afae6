import Crypto
import X509
import _CryptoExtras

/// The JWS `alg` values a BLOB may be signed with (RFC 7518 §3.1), verified with the `x5c` leaf's key.
enum JWSSignatureAlgorithm: String, CaseIterable {
    case rs256 = "RS256", rs384 = "RS384", rs512 = "RS512"
    case ps256 = "PS256", ps384 = "PS384", ps512 = "PS512"
    case es256 = "ES256", es384 = "ES384", es512 = "ES512"
    case edDSA = "EdDSA"

    /// - Throws: `blob-algorithm-unsupported` for a missing alg, `none` (RFC 7518 §3.6), or an unknown one.
    init(header alg: String?) throws(MetadataError) {
        guard let alg, let value = Self(rawValue: alg) else {
            throw MetadataError(.blobAlgorithmUnsupported, "The JWS alg \(alg ?? "(missing)") is not one this verifier accepts.")
        }
        self = value
    }

    /// Verifies `signature` over `input` with `key` (RFC 7515 §5.2 step 8).
    /// - Throws: `blob-signature-invalid` when it does not verify or does not fit the algorithm.
    func verify(_ signature: [UInt8], over input: ArraySlice<UInt8>, with key: Certificate.PublicKey) throws(MetadataError) {
        let valid: Bool
        switch self {
        case .rs256, .rs384, .rs512, .ps256, .ps384, .ps512:
            valid = verifyRSA(signature, over: input, with: key)
        case .es256, .es384, .es512:
            // RFC 7518 §3.4: the JWS ECDSA signature is R ‖ S, each the size of the curve order; a DER
            // ECDSA-Sig-Value is a different encoding and is refused (see docs/metadata.md).
            let size = self == .es256 ? 64 : self == .es384 ? 96 : 132
            guard signature.count == size else {
                let hint = signature.first == 0x30 ? " (it looks DER-encoded; JWS requires R‖S)" : ""
                throw MetadataError(
                    .blobSignatureInvalid,
                    "The \(rawValue) signature is \(signature.count) bytes, not \(size)\(hint)."
                )
            }
            valid = verifyECDSA(signature, over: input, with: key)
        case .edDSA:
            valid = Curve25519.Signing.PublicKey(key).map { $0.isValidSignature(signature, for: input) } ?? false
        }
        guard valid else {
            throw MetadataError(.blobSignatureInvalid, "The BLOB's \(rawValue) signature does not verify with the x5c leaf key.")
        }
    }

    private func verifyRSA(_ signature: [UInt8], over input: ArraySlice<UInt8>, with key: Certificate.PublicKey) -> Bool {
        guard let rsa = _RSA.Signing.PublicKey(key) else { return false }
        let value = _RSA.Signing.RSASignature(rawRepresentation: signature)
        // RFC 7518 §3.3 (PKCS #1 v1.5) and §3.5 (PSS with MGF1, salt the size of the hash).
        switch self {
        case .rs256: return rsa.isValidSignature(value, for: SHA256.hash(data: input), padding: .insecurePKCS1v1_5)
        case .rs384: return rsa.isValidSignature(value, for: SHA384.hash(data: input), padding: .insecurePKCS1v1_5)
        case .rs512: return rsa.isValidSignature(value, for: SHA512.hash(data: input), padding: .insecurePKCS1v1_5)
        case .ps256: return rsa.isValidSignature(value, for: SHA256.hash(data: input), padding: .PSS)
        case .ps384: return rsa.isValidSignature(value, for: SHA384.hash(data: input), padding: .PSS)
        case .ps512: return rsa.isValidSignature(value, for: SHA512.hash(data: input), padding: .PSS)
        default: return false
        }
    }

    private func verifyECDSA(_ signature: [UInt8], over input: ArraySlice<UInt8>, with key: Certificate.PublicKey) -> Bool {
        switch self {
        case .es256:
            guard let ec = P256.Signing.PublicKey(key), let sig = try? P256.Signing.ECDSASignature(rawRepresentation: signature)
            else { return false }
            return ec.isValidSignature(sig, for: SHA256.hash(data: input))
        case .es384:
            guard let ec = P384.Signing.PublicKey(key), let sig = try? P384.Signing.ECDSASignature(rawRepresentation: signature)
            else { return false }
            return ec.isValidSignature(sig, for: SHA384.hash(data: input))
        case .es512:
            guard let ec = P521.Signing.PublicKey(key), let sig = try? P521.Signing.ECDSASignature(rawRepresentation: signature)
            else { return false }
            return ec.isValidSignature(sig, for: SHA512.hash(data: input))
        default:
            return false
        }
    }
}
