/// A decoded CBOR data item (RFC 8949), limited to what WebAuthn and CTAP2 use.
public indirect enum CBORValue: Sendable, Hashable {
    /// Major type 0.
    case unsigned(UInt64)
    /// Major type 1: the value is `-1 - n`.
    case negative(UInt64)
    case bytes([UInt8])
    case text(String)
    case array([CBORValue])
    /// Entries in the order they were encoded; keys are unique.
    case map([CBORMapEntry])
    case tagged(UInt64, CBORValue)
    case bool(Bool)
    case null
    case undefined

    /// The value as a signed integer, if it is an integer that fits `Int`.
    public var intValue: Int? {
        switch self {
        case .unsigned(let n): n <= UInt64(Int.max) ? Int(n) : nil
        case .negative(let n): n <= UInt64(Int.max) ? -1 - Int(n) : nil
        default: nil
        }
    }

    public var bytesValue: [UInt8]? {
        if case .bytes(let b) = self { b } else { nil }
    }

    public var textValue: String? {
        if case .text(let s) = self { s } else { nil }
    }

    public var arrayValue: [CBORValue]? {
        if case .array(let a) = self { a } else { nil }
    }

    public var mapEntries: [CBORMapEntry]? {
        if case .map(let m) = self { m } else { nil }
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { b } else { nil }
    }

    /// Looks a key up in a map; `nil` for other values or a missing key.
    public subscript(key: CBORValue) -> CBORValue? {
        mapEntries?.first(where: { $0.key == key })?.value
    }

    /// Looks up an integer key (COSE labels).
    public subscript(int key: Int) -> CBORValue? {
        self[key >= 0 ? .unsigned(UInt64(key)) : .negative(UInt64(-1 - key))]
    }

    /// Looks up a text key (attestation statements).
    public subscript(text key: String) -> CBORValue? {
        self[.text(key)]
    }

    /// Builds the integer value for `n`.
    public static func int(_ n: Int) -> CBORValue {
        n >= 0 ? .unsigned(UInt64(n)) : .negative(UInt64(-1 - n))
    }
}

/// One key/value pair of a CBOR map.
public struct CBORMapEntry: Sendable, Hashable {
    public var key: CBORValue
    public var value: CBORValue

    public init(_ key: CBORValue, _ value: CBORValue) {
        self.key = key
        self.value = value
    }
}
