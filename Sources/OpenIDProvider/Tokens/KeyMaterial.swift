import Crypto
import CryptoExtras
import Foundation
import JWTKit

/// A signing key loaded into jwt-kit's key types, with its public JWK.
struct KeyMaterial: Sendable {
    enum Key: Sendable {
        case es256(ES256PrivateKey)
        case rs256(JWTKit.Insecure.RSA.PrivateKey)
    }

    let key: Key
    let publicJWK: PublicJWK

    /// Loads a private key PEM of `algorithm`.
    init(algorithm: SigningKey.Algorithm, pem: String) throws(OAuthError) {
        do {
            switch algorithm {
            case .es256:
                let key = try ES256PrivateKey(pem: pem)
                guard let parameters = key.parameters else { throw OAuthError.serverError }
                self.key = .es256(key)
                self.publicJWK = PublicJWK(kty: "EC", alg: algorithm.rawValue, crv: "P-256", x: parameters.x, y: parameters.y)
            case .rs256:
                let key = try JWTKit.Insecure.RSA.PrivateKey(pem: pem)
                let primitives = try key.publicKey.getKeyPrimitives()
                self.key = .rs256(key)
                self.publicJWK = PublicJWK(
                    kty: "RSA",
                    alg: algorithm.rawValue,
                    n: Base64URL.encode(primitives.modulus),
                    e: Base64URL.encode(primitives.publicExponent)
                )
            }
        } catch {
            throw OAuthError.serverError
        }
    }

    /// A new private key as PEM.
    static func generatePEM(_ algorithm: SigningKey.Algorithm, using generator: inout some RandomNumberGenerator) throws(OAuthError) -> String {
        switch algorithm {
        case .es256:
            // A scalar outside [1, n-1] is rejected by BoringSSL; drawing again is needed with probability ~2^-32.
            for _ in 0..<8 {
                var scalar = [UInt8]()
                while scalar.count < 32 {
                    withUnsafeBytes(of: generator.next().littleEndian) { scalar.append(contentsOf: $0) }
                }
                if let key = try? P256.Signing.PrivateKey(rawRepresentation: scalar) { return key.pemRepresentation }
            }
            throw OAuthError.serverError
        case .rs256:
            guard let key = try? _RSA.Signing.PrivateKey(keySize: .bits2048) else { throw OAuthError.serverError }
            return key.pemRepresentation
        }
    }

    /// Adds the key to a jwt-kit collection under `kid`.
    func add(to collection: JWTKeyCollection, kid: String) async {
        switch key {
        case .es256(let key):
            await collection.add(ecdsa: key, kid: JWKIdentifier(string: kid))
        case .rs256(let key):
            await collection.add(rsa: key, digestAlgorithm: .sha256, kid: JWKIdentifier(string: kid))
        }
    }
}
