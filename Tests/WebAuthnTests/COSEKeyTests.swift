import CBOR
import Crypto
import CryptoExtras
import Foundation
import Testing
import WebAuthn

@Suite("COSE keys (RFC 9052/9053, RFC 8230)")
struct COSEKeyTests {
    static let p256 = P256.Signing.PrivateKey()

    static func ec2(alg: Int = -7, crv: Int = 1, x: [UInt8]? = nil, y: [UInt8]? = nil, kty: Int = 2) -> [UInt8] {
        let point = Array(p256.publicKey.x963Representation)
        return CBOREncoder.encode(
            .map([
                CBORMapEntry(.int(1), .int(kty)), CBORMapEntry(.int(3), .int(alg)), CBORMapEntry(.int(-1), .int(crv)),
                CBORMapEntry(.int(-2), .bytes(x ?? Array(point[1...32]))), CBORMapEntry(.int(-3), .bytes(y ?? Array(point[33...64]))),
            ])
        )
    }

    static func rsa(bits: Int, alg: Int = -257) throws -> [UInt8] {
        let key = try _RSA.Signing.PrivateKey(unsafeKeySize: .init(bitCount: bits))
        let primitives = try key.publicKey.getKeyPrimitives()
        return CBOREncoder.encode(
            .map([
                CBORMapEntry(.int(1), .int(3)), CBORMapEntry(.int(3), .int(alg)),
                CBORMapEntry(.int(-1), .bytes(Array(primitives.modulus))), CBORMapEntry(.int(-2), .bytes(Array(primitives.publicExponent))),
            ])
        )
    }

    @Test("accepts a valid ES256 key and verifies its signatures")
    func validEC2() throws {
        let key = try COSEKey(encoded: Self.ec2())
        #expect(key.algorithm == .es256)
        let data = Array("hello".utf8)
        let sig = Array(try Self.p256.signature(for: data).derRepresentation)
        #expect(key.isValidSignature(sig, for: data))
        #expect(!key.isValidSignature(sig, for: Array("other".utf8)))
        #expect(!key.isValidSignature([0x30, 0x00], for: data))
    }

    @Test("rejects invalid keys with invalid-cose-key")
    func invalidKeys() throws {
        var offCurve = Array(Self.p256.publicKey.x963Representation)[33...64].map { $0 }
        offCurve[31] ^= 0x01
        let cases: [[UInt8]] = [
            [0xA0],  // empty map
            [0x01],  // not a map
            [0xFF],  // not CBOR
            Self.ec2(crv: 2),  // ES256 on P-384
            Self.ec2(y: offCurve),  // point not on the curve
            Self.ec2(x: [1, 2, 3]),  // short coordinate
            CBOREncoder.encode(.map([CBORMapEntry(.int(1), .int(2)), CBORMapEntry(.int(-1), .int(1))])),  // no alg
            CBOREncoder.encode(.map([CBORMapEntry(.int(1), .int(9)), CBORMapEntry(.int(3), .int(-7))])),  // unknown kty
            CBOREncoder.encode(
                .map([
                    CBORMapEntry(.int(1), .int(1)), CBORMapEntry(.int(3), .int(-8)), CBORMapEntry(.int(-1), .int(6)),
                    CBORMapEntry(.int(-2), .bytes([1, 2])),
                ])
            ),  // short Ed25519 key
        ]
        for encoded in cases {
            #expect(throws: WebAuthnError(.invalidCOSEKey, "")) { try COSEKey(encoded: encoded) }
        }
    }

    @Test("rejects RSA keys below 2048 bits")
    func shortRSA() throws {
        #expect(throws: WebAuthnError(.invalidCOSEKey, "")) { try COSEKey(encoded: try Self.rsa(bits: 1024)) }
        #expect(try COSEKey(encoded: try Self.rsa(bits: 2048)).algorithm == .rs256)
    }

    @Test("rejects unknown algorithms, alg/kty mismatches and RS1 credentials")
    func unsupported() throws {
        #expect(throws: WebAuthnError(.unsupportedAlgorithm, "")) { try COSEKey(encoded: Self.ec2(alg: -999)) }
        #expect(throws: WebAuthnError(.unsupportedAlgorithm, "")) { try COSEKey(encoded: Self.ec2(alg: -257)) }
        #expect(throws: WebAuthnError(.unsupportedAlgorithm, "")) { try COSEKey(encoded: try Self.rsa(bits: 2048, alg: -65535)) }
        #expect(throws: WebAuthnError(.unsupportedAlgorithm, "")) { try COSEKey(encoded: try Self.rsa(bits: 2048, alg: -7)) }
        #expect(try COSEKey(encoded: try Self.rsa(bits: 2048, alg: -65535), allowRS1: true).algorithm == .rs1)
        // Ed448 (crv 7) is not supported.
        let ed448 = CBOREncoder.encode(
            .map([
                CBORMapEntry(.int(1), .int(1)), CBORMapEntry(.int(3), .int(-8)), CBORMapEntry(.int(-1), .int(7)),
                CBORMapEntry(.int(-2), .bytes(Array(repeating: 1, count: 57))),
            ])
        )
        #expect(throws: WebAuthnError(.unsupportedAlgorithm, "")) { try COSEKey(encoded: ed448) }
    }

    @Test("ES384 and ES512 keys", arguments: [-35, -36])
    func largerCurves(alg: Int) throws {
        let encoded: [UInt8]
        let data = Array("payload".utf8)
        let sig: [UInt8]
        if alg == -35 {
            let k = P384.Signing.PrivateKey()
            let p = Array(k.publicKey.x963Representation)
            encoded = CBOREncoder.encode(
                .map([
                    CBORMapEntry(.int(1), .int(2)), CBORMapEntry(.int(3), .int(alg)), CBORMapEntry(.int(-1), .int(2)),
                    CBORMapEntry(.int(-2), .bytes(Array(p[1...48]))), CBORMapEntry(.int(-3), .bytes(Array(p[49...96]))),
                ])
            )
            sig = Array(try k.signature(for: data).derRepresentation)
        } else {
            let k = P521.Signing.PrivateKey()
            let p = Array(k.publicKey.x963Representation)
            encoded = CBOREncoder.encode(
                .map([
                    CBORMapEntry(.int(1), .int(2)), CBORMapEntry(.int(3), .int(alg)), CBORMapEntry(.int(-1), .int(3)),
                    CBORMapEntry(.int(-2), .bytes(Array(p[1...66]))), CBORMapEntry(.int(-3), .bytes(Array(p[67...132]))),
                ])
            )
            sig = Array(try k.signature(for: data).derRepresentation)
        }
        let key = try COSEKey(encoded: encoded)
        #expect(key.isValidSignature(sig, for: data))
    }

    @Test("PS256 keys verify PSS signatures")
    func pss() throws {
        let k = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let p = try k.publicKey.getKeyPrimitives()
        let key = try COSEKey(
            encoded: CBOREncoder.encode(
                .map([
                    CBORMapEntry(.int(1), .int(3)), CBORMapEntry(.int(3), .int(-37)),
                    CBORMapEntry(.int(-1), .bytes(Array(p.modulus))), CBORMapEntry(.int(-2), .bytes(Array(p.publicExponent))),
                ])
            )
        )
        let data = Array("pss".utf8)
        let sig = Array(try k.signature(for: SHA256.hash(data: data), padding: .PSS).rawRepresentation)
        #expect(key.isValidSignature(sig, for: data))
    }
}
