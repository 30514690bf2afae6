import Crypto
import Foundation

/// How a confidential client's `client_secret` is checked: only its SHA-256 is kept, and the
/// presented secret's hash is compared in constant time (RFC 6749 §2.3.1, `client_secret_basic`).
public struct ClientSecret: Sendable, Hashable {
    /// SHA-256 of the secret's UTF-8 bytes.
    let hash: [UInt8]

    /// Keeps the hash of a configured secret (the secret itself is not stored).
    public init(secret: String) {
        self.hash = Array(SHA256.hash(data: Data(secret.utf8)))
    }

    /// Uses a configured hash: 64 hexadecimal digits of SHA-256(secret).
    ///
    /// - Returns: `nil` when `sha256Hex` is not 64 hex digits.
    public init?(sha256Hex: String) {
        let digits = Array(sha256Hex.lowercased().utf8)
        guard digits.count == 64 else { return nil }
        var bytes = [UInt8]()
        for index in stride(from: 0, to: 64, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        self.hash = bytes
    }

    /// Whether `presented` is the configured secret (constant-time over the hashes).
    public func verify(_ presented: String) -> Bool {
        ConstantTime.equals(SHA256.hash(data: Data(presented.utf8)), hash)
    }
}
