import Crypto
import Foundation

/// Proof Key for Code Exchange (RFC 7636) with the `S256` method only.
public enum PKCE {
    /// The only accepted `code_challenge_method` (RFC 9700 §2.1.1: `plain` is refused).
    public static let method = "S256"

    /// Whether `value` is a well-formed verifier or challenge: 43–128 characters of
    /// `[A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~"` (RFC 7636 §4.1, §4.2).
    public static func isWellFormed(_ value: String) -> Bool {
        let bytes = value.utf8
        // RFC 7636 §4.1: 43 <= length <= 128
        guard (43...128).contains(bytes.count) else { return false }
        return bytes.allSatisfy { byte in
            Base64URL.isAlphabet(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "~")
        }
    }

    /// The S256 challenge of a verifier: `BASE64URL(SHA256(ASCII(code_verifier)))` (RFC 7636 §4.2).
    public static func challenge(for verifier: String) -> String {
        Base64URL.encode(SHA256.hash(data: Data(verifier.utf8)))
    }

    /// Verifies a `code_verifier` against the stored S256 `code_challenge` (RFC 7636 §4.6).
    ///
    /// - Returns: `false` for a malformed verifier or a mismatch; the comparison is constant-time.
    public static func verify(verifier: String, challenge: String) -> Bool {
        // RFC 7636 §4.1: the verifier's charset and length are checked before hashing
        guard isWellFormed(verifier) else { return false }
        // RFC 7636 §4.6: S256 -> BASE64URL-ENCODE(SHA256(ASCII(code_verifier))) == code_challenge
        return ConstantTime.equals(Array(Self.challenge(for: verifier).utf8), Array(challenge.utf8))
    }
}
