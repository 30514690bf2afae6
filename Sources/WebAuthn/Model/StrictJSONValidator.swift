/// Checks that bytes are one RFC 8259 JSON text in which no object repeats a member name, at any depth.
///
/// Foundation's `JSONDecoder` keeps one of two members with the same name, so a document such as
/// `{"type":"webauthn.create","type":"webauthn.get"}` would mean whatever the decoder picks. RFC 8259 §4
/// leaves such objects' meaning unpredictable; a verifier must refuse them rather than choose. Names are
/// compared after their escapes are decoded (`"typ\u0065"` is `"type"`), as Swift strings, so spellings a
/// decoder could take for one another count as the same name.
struct StrictJSONValidator {
    enum Failure: Error, Equatable {
        /// Not one JSON text (RFC 8259 grammar, UTF-8, no lone surrogate escapes), or nested too deep.
        case malformed
        /// An object has two members with the same (decoded) name.
        case duplicateMember
    }

    private let bytes: [UInt8]
    private let maxDepth: Int
    private var index = 0

    /// - Throws: `Failure.malformed` or `Failure.duplicateMember`.
    static func validate(_ bytes: [UInt8], maxDepth: Int = 32) throws(Failure) {
        // RFC 8259 §8.1: JSON text is UTF-8.
        guard String(validating: bytes, as: UTF8.self) != nil else { throw .malformed }
        var validator = StrictJSONValidator(bytes: bytes, maxDepth: maxDepth)
        validator.skipWhitespace()
        try validator.value(depth: 0)
        validator.skipWhitespace()
        guard validator.index == bytes.count else { throw .malformed }
    }

    private init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    private mutating func expect(_ byte: UInt8) throws(Failure) {
        guard current == byte else { throw .malformed }
        index += 1
    }

    private mutating func value(depth: Int) throws(Failure) {
        switch current {
        case UInt8(ascii: "{"): try object(depth: depth + 1)
        case UInt8(ascii: "["): try array(depth: depth + 1)
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: try number()
        }
    }

    private mutating func object(depth: Int) throws(Failure) {
        guard depth <= maxDepth else { throw .malformed }
        try expect(UInt8(ascii: "{"))
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            index += 1
            return
        }
        var names: Set<String> = []
        while true {
            skipWhitespace()
            let name = try string()
            guard names.insert(name).inserted else { throw .duplicateMember }
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            try value(depth: depth)
            skipWhitespace()
            if current == UInt8(ascii: ",") {
                index += 1
                continue
            }
            try expect(UInt8(ascii: "}"))
            return
        }
    }

    private mutating func array(depth: Int) throws(Failure) {
        guard depth <= maxDepth else { throw .malformed }
        try expect(UInt8(ascii: "["))
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            try value(depth: depth)
            skipWhitespace()
            if current == UInt8(ascii: ",") {
                index += 1
                continue
            }
            try expect(UInt8(ascii: "]"))
            return
        }
    }

    private mutating func literal(_ word: String) throws(Failure) {
        let expected = Array(word.utf8)
        guard bytes.count - index >= expected.count, bytes[index..<index + expected.count].elementsEqual(expected) else {
            throw .malformed
        }
        index += expected.count
    }

    /// RFC 8259 §6: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private mutating func number() throws(Failure) {
        if current == UInt8(ascii: "-") { index += 1 }
        if current == UInt8(ascii: "0") {
            index += 1
        } else {
            try digits()
        }
        if current == UInt8(ascii: ".") {
            index += 1
            try digits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            try digits()
        }
    }

    private mutating func digits() throws(Failure) {
        let start = index
        while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { index += 1 }
        guard index > start else { throw .malformed }
    }

    /// RFC 8259 §7: a string, returned with its escapes decoded.
    private mutating func string() throws(Failure) -> String {
        try expect(UInt8(ascii: "\""))
        var decoded = String.UnicodeScalarView()
        var runStart = index
        while true {
            guard let byte = current else { throw .malformed }
            switch byte {
            case UInt8(ascii: "\""):
                decoded.append(contentsOf: String(decoding: bytes[runStart..<index], as: UTF8.self).unicodeScalars)
                index += 1
                return String(decoded)
            case UInt8(ascii: "\\"):
                decoded.append(contentsOf: String(decoding: bytes[runStart..<index], as: UTF8.self).unicodeScalars)
                index += 1
                decoded.append(try escape())
                runStart = index
            case 0x00..<0x20:
                throw .malformed
            default:
                index += 1
            }
        }
    }

    /// The character after a backslash; `\uXXXX` pairs of surrogates are joined, a lone one is refused.
    private mutating func escape() throws(Failure) -> Unicode.Scalar {
        guard let byte = current else { throw .malformed }
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return Unicode.Scalar(byte)
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let unit = try hexQuad()
            if (0xD800..<0xDC00).contains(unit) {
                try expect(UInt8(ascii: "\\"))
                try expect(UInt8(ascii: "u"))
                let low = try hexQuad()
                guard (0xDC00..<0xE000).contains(low) else { throw .malformed }
                let value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                guard let scalar = Unicode.Scalar(value) else { throw .malformed }
                return scalar
            }
            guard let scalar = Unicode.Scalar(unit) else { throw .malformed }
            return scalar
        default:
            throw .malformed
        }
    }

    private mutating func hexQuad() throws(Failure) -> UInt16 {
        guard bytes.count - index >= 4 else { throw .malformed }
        var unit: UInt16 = 0
        for byte in bytes[index..<index + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw .malformed
            }
            unit = unit << 4 | UInt16(digit)
        }
        index += 4
        return unit
    }
}
