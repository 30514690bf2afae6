import Crypto
import Foundation

/// The fingerprint in an asset's file name: the first 10 hex digits of the SHA-256 of its final bytes.
enum ContentHash {
    static let length = 10

    static func fingerprint(of data: Data) -> String {
        let digest = SHA256.hash(data: data)
        var hex = ""
        for byte in digest.prefix(length / 2) {
            hex += String(byte, radix: 16).leftPadded(to: 2)
        }
        return hex
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
