import Foundation

/// A JWS in compact serialization split at its two dots (RFC 7515 §7.1), without copying the payload
/// through a generic JWT decoder: the BLOB's payload is megabytes of JSON.
struct CompactJWS {
    /// `BASE64URL(header) '.' BASE64URL(payload)`: the bytes the signature covers (RFC 7515 §5.2 step 8).
    let signingInput: ArraySlice<UInt8>
    let header: JWSHeader
    let encodedPayload: ArraySlice<UInt8>
    let signature: [UInt8]

    struct JWSHeader: Decodable {
        let alg: String?
        let typ: String?
        let x5c: [String]?
        let crit: [String]?
    }

    /// Splits and decodes the header and signature; the payload is decoded later, after the signature.
    /// - Throws: `MetadataError` `blob-malformed` when the structure or the header is invalid.
    init(bytes: [UInt8]) throws(MetadataError) {
        // Tolerate one trailing newline, as files written by tools often end with one.
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") {
            end -= 1
        }
        let dot = UInt8(ascii: ".")
        // RFC 7515 §5.2 step 1: exactly three parts separated by two dots.
        guard let first = bytes[..<end].firstIndex(of: dot),
            let second = bytes[(first + 1)..<end].firstIndex(of: dot),
            !bytes[(second + 1)..<end].contains(dot)
        else {
            throw MetadataError(.blobMalformed, "The BLOB is not a JWS of three dot-separated parts (truncated or not a BLOB).")
        }
        // RFC 7515 §5.2 steps 2–4: the protected header is base64url of UTF-8 JSON.
        guard let headerBytes = JWSBase64URL.decode(bytes[..<first]),
            let header = try? JSONDecoder().decode(JWSHeader.self, from: Data(headerBytes))
        else {
            throw MetadataError(.blobMalformed, "The JWS protected header is not base64url-encoded JSON.")
        }
        // RFC 7515 §5.2 step 7: the signature part is base64url.
        guard let signature = JWSBase64URL.decode(bytes[(second + 1)..<end]), !signature.isEmpty else {
            throw MetadataError(.blobMalformed, "The JWS signature part is empty or not base64url.")
        }
        guard second > first + 1 else {
            throw MetadataError(.blobMalformed, "The JWS payload is empty.")
        }
        self.signingInput = bytes[..<second]
        self.header = header
        self.encodedPayload = bytes[(first + 1)..<second]
        self.signature = signature
    }

    /// The decoded payload bytes.
    /// - Throws: `MetadataError` `blob-malformed` when the payload is not base64url.
    func payload() throws(MetadataError) -> [UInt8] {
        guard let payload = JWSBase64URL.decode(encodedPayload) else {
            throw MetadataError(.blobMalformed, "The JWS payload is not base64url.")
        }
        return payload
    }
}
