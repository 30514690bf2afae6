import CBOR
import Crypto
import CryptoExtras
import WebAuthn

/// A credential key pair held by the software authenticator.
enum CredentialPrivateKey: Sendable {
    case p256(P256.Signing.PrivateKey)
    case ed25519(Curve25519.Signing.PrivateKey)
    case rsa(_RSA.Signing.PrivateKey)

    init(algorithm: COSEAlgorithm) throws {
        switch algorithm {
        case .es256: self = .p256(P256.Signing.PrivateKey())
        case .edDSA: self = .ed25519(Curve25519.Signing.PrivateKey())
        case .rs256: self = .rsa(try _RSA.Signing.PrivateKey(keySize: .bits2048))
        default: throw SoftwareAuthenticator.Failure.unsupportedAlgorithm
        }
    }

    var algorithm: COSEAlgorithm {
        switch self {
        case .p256: .es256
        case .ed25519: .edDSA
        case .rsa: .rs256
        }
    }

    /// The COSE_Key encoding (RFC 9053 §7, RFC 8230 §4), map keys in CTAP2 canonical order.
    func coseKey() throws -> [UInt8] {
        let map: [CBORMapEntry]
        switch self {
        case .p256(let key):
            let point = Array(key.publicKey.x963Representation)
            map = [
                CBORMapEntry(.int(1), .int(2)), CBORMapEntry(.int(3), .int(-7)), CBORMapEntry(.int(-1), .int(1)),
                CBORMapEntry(.int(-2), .bytes(Array(point[1...32]))), CBORMapEntry(.int(-3), .bytes(Array(point[33...64]))),
            ]
        case .ed25519(let key):
            map = [
                CBORMapEntry(.int(1), .int(1)), CBORMapEntry(.int(3), .int(-8)), CBORMapEntry(.int(-1), .int(6)),
                CBORMapEntry(.int(-2), .bytes(Array(key.publicKey.rawRepresentation))),
            ]
        case .rsa(let key):
            let primitives = try key.publicKey.getKeyPrimitives()
            map = [
                CBORMapEntry(.int(1), .int(3)), CBORMapEntry(.int(3), .int(-257)),
                CBORMapEntry(.int(-1), .bytes(Array(primitives.modulus))),
                CBORMapEntry(.int(-2), .bytes(Array(primitives.publicExponent))),
            ]
        }
        return CBOREncoder.encode(.map(map))
    }

    func sign(_ data: [UInt8]) throws -> [UInt8] {
        switch self {
        case .p256(let key): Array(try key.signature(for: data).derRepresentation)
        case .ed25519(let key): Array(try key.signature(for: data))
        case .rsa(let key): Array(try key.signature(for: SHA256.hash(data: data), padding: .insecurePKCS1v1_5).rawRepresentation)
        }
    }
}
