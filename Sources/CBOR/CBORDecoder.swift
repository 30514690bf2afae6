/// A strict CBOR decoder for WebAuthn and CTAP2 (RFC 8949 §4.2 core deterministic rules, minus key
/// ordering, which real authenticators do not all follow).
///
/// It accepts definite lengths only, shortest-form integers, lengths and tags, unique map keys and
/// valid UTF-8 text; it rejects floating point and unassigned simple values, and enforces depth and
/// size limits before allocating anything.
public struct CBORDecoder: Sendable {
    /// Limits that bound work and memory for hostile input.
    public struct Limits: Sendable, Hashable {
        /// Largest input accepted, in bytes.
        public var maxInputSize: Int
        /// Deepest nesting of arrays, maps and tags; the top-level item is depth 1.
        public var maxDepth: Int

        public init(maxInputSize: Int = 64 * 1024, maxDepth: Int = 16) {
            self.maxInputSize = maxInputSize
            self.maxDepth = maxDepth
        }
    }

    public var limits: Limits

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Decodes exactly one item that must fill `bytes`.
    /// - Throws: `CBORError`, with code `trailing-bytes` when anything follows the item.
    public func decode(_ bytes: some Collection<UInt8>) throws(CBORError) -> CBORValue {
        let input = Array(bytes)
        let (value, range) = try decodePrefix(input, from: 0)
        guard range.upperBound == input.count else {
            throw CBORError(.trailingBytes, at: range.upperBound, "\(input.count - range.upperBound) bytes follow the CBOR item.")
        }
        return value
    }

    /// Decodes the item that starts at `start` and returns it with the exact byte range it occupies;
    /// bytes after it are left alone (authenticator data embeds a COSE key followed by extensions).
    /// - Throws: `CBORError`.
    public func decodePrefix(_ input: [UInt8], from start: Int = 0) throws(CBORError) -> (value: CBORValue, range: Range<Int>) {
        guard input.count <= limits.maxInputSize else {
            throw CBORError(.tooLarge, at: 0, "The input is \(input.count) bytes, above the limit of \(limits.maxInputSize).")
        }
        guard start >= 0, start <= input.count else {
            throw CBORError(.truncated, at: start, "The item starts beyond the end of the input.")
        }
        var reader = Reader(bytes: input, position: start, maxDepth: limits.maxDepth)
        let value = try reader.readItem(depth: 1)
        return (value, start..<reader.position)
    }
}

extension CBORDecoder {
    /// Reads one item at a time from a byte array; every read is bounds checked.
    fileprivate struct Reader {
        let bytes: [UInt8]
        var position: Int
        let maxDepth: Int

        var remaining: Int { bytes.count - position }

        mutating func readByte() throws(CBORError) -> UInt8 {
            guard position < bytes.count else {
                throw CBORError(.truncated, at: position, "The input ended inside an item.")
            }
            defer { position += 1 }
            return bytes[position]
        }

        mutating func readBytes(_ count: UInt64) throws(CBORError) -> ArraySlice<UInt8> {
            guard count <= UInt64(remaining) else {
                throw CBORError(.truncated, at: position, "A string claims \(count) bytes but only \(remaining) remain.")
            }
            let n = Int(count)
            defer { position += n }
            return bytes[position..<position + n]
        }

        /// Reads the argument of an initial byte (RFC 8949 §3) and enforces shortest form (§4.2.1).
        mutating func readArgument(_ info: UInt8, itemStart: Int) throws(CBORError) -> UInt64 {
            switch info {
            case 0..<24:
                return UInt64(info)
            case 24, 25, 26, 27:
                let width = 1 << Int(info - 24)
                let raw = try readBytes(UInt64(width))
                let value = raw.reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
                let minimum: UInt64 =
                    switch width {
                    case 1: 24
                    case 2: 0x100
                    case 4: 0x1_0000
                    default: 0x1_0000_0000
                    }
                guard value >= minimum else {
                    throw CBORError(.nonShortestEncoding, at: itemStart, "The value \(value) is not encoded in its shortest form.")
                }
                return value
            case 31:
                throw CBORError(.indefiniteLength, at: itemStart, "Indefinite-length items are not allowed.")
            default:
                throw CBORError(.reservedAdditionalInformation, at: itemStart, "Additional information \(info) is reserved.")
            }
        }

        mutating func readItem(depth: Int) throws(CBORError) -> CBORValue {
            let itemStart = position
            guard depth <= maxDepth else {
                throw CBORError(.tooDeep, at: itemStart, "Nesting is deeper than \(maxDepth) levels.")
            }
            let initial = try readByte()
            let major = initial >> 5
            let info = initial & 0x1F
            if major == 7 {
                return try readSimple(info, itemStart: itemStart)
            }
            let argument = try readArgument(info, itemStart: itemStart)
            switch major {
            case 0:
                return .unsigned(argument)
            case 1:
                return .negative(argument)
            case 2:
                return .bytes(Array(try readBytes(argument)))
            case 3:
                let raw = try readBytes(argument)
                guard let text = String(validating: raw, as: UTF8.self) else {
                    throw CBORError(.invalidUTF8, at: itemStart, "A text string is not valid UTF-8.")
                }
                return .text(text)
            case 4:
                // Every element takes at least one byte, so a count above what remains is a lie; checking
                // first keeps a 5-byte header from reserving gigabytes.
                guard argument <= UInt64(remaining) else {
                    throw CBORError(.truncated, at: itemStart, "An array claims \(argument) items but only \(remaining) bytes remain.")
                }
                var items: [CBORValue] = []
                items.reserveCapacity(Int(argument))
                for _ in 0..<argument {
                    items.append(try readItem(depth: depth + 1))
                }
                return .array(items)
            case 5:
                guard argument <= UInt64(remaining / 2) else {
                    throw CBORError(.truncated, at: itemStart, "A map claims \(argument) entries but only \(remaining) bytes remain.")
                }
                var entries: [CBORMapEntry] = []
                entries.reserveCapacity(Int(argument))
                var seen = Set<CBORValue>()
                for _ in 0..<argument {
                    let keyStart = position
                    let key = try readItem(depth: depth + 1)
                    // RFC 8949 §5.6: a map with duplicate keys is not valid; CTAP2 §8 requires unique keys.
                    guard seen.insert(key).inserted else {
                        throw CBORError(.duplicateMapKey, at: keyStart, "A map holds the same key twice.")
                    }
                    let value = try readItem(depth: depth + 1)
                    entries.append(CBORMapEntry(key, value))
                }
                return .map(entries)
            default:  // 6
                return .tagged(argument, try readItem(depth: depth + 1))
            }
        }

        mutating func readSimple(_ info: UInt8, itemStart: Int) throws(CBORError) -> CBORValue {
            switch info {
            case 20: return .bool(false)
            case 21: return .bool(true)
            case 22: return .null
            case 23: return .undefined
            case 24:
                let value = try readByte()
                guard value >= 32 else {
                    throw CBORError(.nonShortestEncoding, at: itemStart, "Simple value \(value) must use the one-byte form.")
                }
                throw CBORError(.unsupportedType, at: itemStart, "Simple value \(value) is unassigned.")
            case 25, 26, 27:
                throw CBORError(.unsupportedType, at: itemStart, "Floating-point numbers are not used by WebAuthn or CTAP2.")
            case 31:
                throw CBORError(.indefiniteLength, at: itemStart, "A break code appeared outside an indefinite-length item.")
            case 28, 29, 30:
                throw CBORError(.reservedAdditionalInformation, at: itemStart, "Additional information \(info) is reserved.")
            default:
                throw CBORError(.unsupportedType, at: itemStart, "Simple value \(info) is unassigned.")
            }
        }
    }
}
