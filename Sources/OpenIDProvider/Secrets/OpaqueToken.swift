import Crypto
import Foundation

/// Opaque secrets: authorization codes, refresh tokens, session ids and pending-request ids.
///
/// A secret is 256 random bits as unpadded base64url (43 characters). Codes and refresh tokens are
/// stored only as ``hash(_:)``; the secret itself exists only in the response that carries it.
public enum OpaqueToken {
    /// Random bytes per secret (256 bits).
    public static let byteCount = 32

    /// Generates a secret from injected randomness (use `SystemRandomNumberGenerator` in production).
    public static func generate(using generator: inout some RandomNumberGenerator) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(byteCount)
        while bytes.count < byteCount {
            let word = generator.next()
            withUnsafeBytes(of: word.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return Base64URL.encode(bytes.prefix(byteCount))
    }

    /// The storage form of a secret: SHA-256 of its UTF-8 bytes, as unpadded base64url.
    public static func hash(_ token: String) -> String {
        Base64URL.encode(SHA256.hash(data: Data(token.utf8)))
    }

    /// Whether `token` has the shape of a secret made by ``generate(using:)`` (cheap pre-check
    /// before a database lookup; a mismatch is `invalid_grant` or `invalid_token`).
    public static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count == 43 && token.utf8.allSatisfy(Base64URL.isAlphabet)
    }
}
