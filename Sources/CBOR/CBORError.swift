/// The single error type of the CBOR module: a stable `code`, the byte offset where decoding stopped,
/// and a one-sentence `reason`. Two errors are equal when their codes are equal.
public struct CBORError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable, kebab-case error codes.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The input ended inside an item.
        case truncated
        /// The input, a string or a collection is larger than the configured limit.
        case tooLarge = "too-large"
        /// Nesting is deeper than the configured limit.
        case tooDeep = "too-deep"
        /// Bytes remain after the top-level item.
        case trailingBytes = "trailing-bytes"
        /// An integer, length or tag is not encoded in its shortest form (RFC 8949 §4.2.1).
        case nonShortestEncoding = "non-shortest-encoding"
        /// Indefinite-length items are not allowed (CTAP2 canonical CBOR).
        case indefiniteLength = "indefinite-length"
        /// A map holds the same key twice (RFC 8949 §5.6).
        case duplicateMapKey = "duplicate-map-key"
        /// A text string is not valid UTF-8.
        case invalidUTF8 = "invalid-utf8"
        /// Additional information 28–30 is reserved (RFC 8949 §3).
        case reservedAdditionalInformation = "reserved-additional-information"
        /// Floating-point numbers and unassigned simple values are not used by WebAuthn or CTAP2.
        case unsupportedType = "unsupported-type"
    }

    public let code: Code
    /// Offset in the input where the problem was found.
    public let offset: Int
    public let reason: String

    package init(_ code: Code, at offset: Int, _ reason: String) {
        self.code = code
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "cbor.\(code.rawValue) at \(offset): \(reason)" }

    public static func == (lhs: CBORError, rhs: CBORError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
