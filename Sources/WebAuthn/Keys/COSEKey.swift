package import CBOR
import Crypto
import CryptoExtras
public import Foundation

/// A credential public key in COSE_Key form (RFC 9052 §7, RFC 9053 §7), validated on construction:
/// the algorithm is known and allowed, the key type and curve agree with it, EC points lie on their
/// curve, RSA moduli have at least 2048 bits.
public struct COSEKey: Sendable, Hashable {
    public enum KeyType: Int, Sendable, Hashable {
        case okp = 1
        case ec2 = 2
        case rsa = 3
        case akp = 7
    }

    public let keyType: KeyType
    public let algorithm: COSEAlgorithm
    /// The COSE_Key bytes exactly as the authenticator produced them (store these).
    public let encoded: [UInt8]
    let key: VerificationKey
    /// The decoded COSE_Key map (for formats that compare raw parameters, e.g. TPM pubArea).
    let value: CBORValue

    /// Decodes and validates a COSE_Key.
    /// - Parameter allowRS1: accept an RSA key whose `alg` is RS1 (-65535); off for credentials.
    /// - Throws: `WebAuthnError` `invalid-cose-key` or `unsupported-algorithm`.
    public init(encoded: [UInt8], allowRS1: Bool = false) throws(WebAuthnError) {
        let value: CBORValue
        do {
            value = try CBORDecoder().decode(encoded)
        } catch {
            throw WebAuthnError(.invalidCOSEKey, "The COSE key is not valid CBOR (\(error.code.rawValue)).")
        }
        try self.init(value: value, encoded: encoded, allowRS1: allowRS1)
    }

    package init(value: CBORValue, encoded: [UInt8], allowRS1: Bool = false) throws(WebAuthnError) {
        guard value.mapEntries != nil else {
            throw WebAuthnError(.invalidCOSEKey, "The COSE key is not a map.")
        }
        // RFC 9052 §7.1: kty (1) is required; WebAuthn L3 §5.8.5 requires alg (3) in credential keys.
        guard let ktyRaw = value[int: 1]?.intValue, let kty = KeyType(rawValue: ktyRaw) else {
            throw WebAuthnError(.invalidCOSEKey, "The COSE key type is missing or unknown.")
        }
        guard let algRaw = value[int: 3]?.intValue else {
            throw WebAuthnError(.invalidCOSEKey, "The COSE key has no algorithm.")
        }
        let alg = COSEAlgorithm(rawValue: algRaw)
        self.keyType = kty
        self.algorithm = alg
        self.encoded = encoded
        self.value = value

        func bytes(_ label: Int, _ name: String) throws(WebAuthnError) -> [UInt8] {
            guard let b = value[int: label]?.bytesValue else {
                throw WebAuthnError(.invalidCOSEKey, "The COSE key's \(name) parameter is missing or not a byte string.")
            }
            return b
        }

        switch kty {
        case .ec2:
            // RFC 9053 §2.1: ES256/384/512 go with P-256/384/521; §7.1.1 crv (-1), x (-2), y (-3).
            let expected: (curve: Int, size: Int)
            switch alg {
            case .es256: expected = (1, 32)
            case .es384: expected = (2, 48)
            case .es512: expected = (3, 66)
            default: throw WebAuthnError(.unsupportedAlgorithm, "Algorithm \(alg) is not supported for EC2 keys.")
            }
            guard value[int: -1]?.intValue == expected.curve else {
                throw WebAuthnError(.invalidCOSEKey, "The EC2 curve does not match algorithm \(alg).")
            }
            let x = try bytes(-2, "x")
            let y = try bytes(-3, "y")  // compressed points (y as bool) are not used by WebAuthn
            guard x.count == expected.size, y.count == expected.size else {
                throw WebAuthnError(.invalidCOSEKey, "The EC2 coordinates have the wrong length.")
            }
            let point = [0x04] + x + y
            do {
                switch alg {
                case .es256: key = .p256(try P256.Signing.PublicKey(x963Representation: point))
                case .es384: key = .p384(try P384.Signing.PublicKey(x963Representation: point))
                default: key = .p521(try P521.Signing.PublicKey(x963Representation: point))
                }
            } catch {
                throw WebAuthnError(.invalidCOSEKey, "The EC2 point is not on the curve.")
            }
        case .okp:
            // RFC 9053 §2.2 and RFC 8812: EdDSA (-8) or Ed25519 (-19) with crv Ed25519 (6).
            guard alg == .edDSA || alg == .ed25519 else {
                throw WebAuthnError(.unsupportedAlgorithm, "Algorithm \(alg) is not supported for OKP keys.")
            }
            guard value[int: -1]?.intValue == 6 else {
                throw WebAuthnError(.unsupportedAlgorithm, "Only the Ed25519 curve is supported for OKP keys.")
            }
            let x = try bytes(-2, "x")
            guard x.count == 32, let k = try? Curve25519.Signing.PublicKey(rawRepresentation: x) else {
                throw WebAuthnError(.invalidCOSEKey, "The Ed25519 key is not 32 bytes.")
            }
            key = .ed25519(k)
        case .rsa:
            // RFC 8230 §4: n (-1), e (-2).
            let allowed: [COSEAlgorithm] = [.rs256, .rs384, .rs512, .ps256, .ps384, .ps512] + (allowRS1 ? [.rs1] : [])
            guard allowed.contains(alg) else {
                throw WebAuthnError(.unsupportedAlgorithm, "Algorithm \(alg) is not supported for RSA credential keys.")
            }
            let n = try bytes(-1, "n")
            let e = try bytes(-2, "e")
            guard !e.isEmpty, e.count <= 8, e.last.map({ $0 & 1 == 1 }) == true else {
                throw WebAuthnError(.invalidCOSEKey, "The RSA public exponent is not valid.")
            }
            do {
                key = .rsa(try _RSA.Signing.PublicKey(n: n, e: e))
            } catch {
                throw WebAuthnError(.invalidCOSEKey, "The RSA key is shorter than 2048 bits or malformed.")
            }
        case .akp:
            // draft-ietf-cose-dilithium: AKP key with pub (-1); ML-DSA-65 public keys are 1952 bytes.
            guard alg == .mlDSA65 else {
                throw WebAuthnError(.unsupportedAlgorithm, "Algorithm \(alg) is not supported for AKP keys.")
            }
            let pub = try bytes(-1, "pub")
            guard pub.count == 1952, let k = try? MLDSA65.PublicKey(rawRepresentation: pub) else {
                throw WebAuthnError(.invalidCOSEKey, "The ML-DSA-65 public key is malformed.")
            }
            key = .mlDSA65(k)
        }
    }

    /// Checks a signature made by this credential over `data` with the key's own algorithm.
    public func isValidSignature(_ signature: [UInt8], for data: some DataProtocol) -> Bool {
        (try? key.verify(signature, over: data, algorithm: algorithm)) ?? false
    }

    public static func == (lhs: COSEKey, rhs: COSEKey) -> Bool { lhs.encoded == rhs.encoded }
    public func hash(into hasher: inout Hasher) { hasher.combine(encoded) }
}
