import Foundation

/// base64url without padding (RFC 4648 §5), as WebAuthn's JSON serialisation uses.
public enum Base64URL {
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes base64url; trailing `=` padding is tolerated, standard-alphabet characters (`+`, `/`) only
    /// when `allowingStandardAlphabet` is set (older clients sent credential members in plain base64).
    public static func decode(_ string: String, allowingStandardAlphabet: Bool = false) -> [UInt8]? {
        var s = string
        while s.hasSuffix("=") { s.removeLast() }
        guard s.utf8.allSatisfy({ $0.isBase64URLCharacter || (allowingStandardAlphabet && ($0 == 0x2B || $0 == 0x2F)) }),
            s.utf8.count % 4 != 1
        else { return nil }
        var standard = s.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.utf8.count % 4) % 4)
        return Data(base64Encoded: standard).map(Array.init)
    }
}

extension UInt8 {
    fileprivate var isBase64URLCharacter: Bool {
        (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self) || (0x30...0x39).contains(self) || self == 0x2D || self == 0x5F
    }
}
