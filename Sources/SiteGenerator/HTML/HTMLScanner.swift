/// A small, forgiving HTML tokenizer: enough to find every start tag and attribute in the pages
/// this build generates (comments, doctype and end tags are skipped; it never fails).
struct HTMLScanner {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1

    /// The start tags of `html`, in document order.
    static func elements(in html: String) -> [HTMLElement] {
        var scanner = HTMLScanner(bytes: Array(html.utf8))
        return scanner.scan()
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private mutating func scan() -> [HTMLElement] {
        var elements: [HTMLElement] = []
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "<"), index + 1 < bytes.count else {
                advance()
                continue
            }
            let next = bytes[index + 1]
            if starts(with: Self.commentStart) {
                skip(past: Self.commentEnd)
            } else if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") || next == UInt8(ascii: "/") {
                skip(past: Self.tagEnd)
            } else if Self.isLetter(next) {
                elements.append(startTag())
            } else {
                advance()
            }
        }
        return elements
    }

    private mutating func startTag() -> HTMLElement {
        let tagLine = line
        let tagStart = index
        advance()  // <
        let name = read { Self.isLetter($0) || Self.isDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ":") }.lowercased()
        var attributes: [HTMLElement.Attribute] = []
        while index < bytes.count {
            skip { Self.isSpace($0) || $0 == UInt8(ascii: "/") }
            guard index < bytes.count, bytes[index] != UInt8(ascii: ">") else { break }
            let attributeName = read { !Self.isSpace($0) && $0 != UInt8(ascii: "=") && $0 != UInt8(ascii: ">") && $0 != UInt8(ascii: "/") }
            if attributeName.isEmpty {
                advance()
                continue
            }
            skip(while: Self.isSpace)
            var value: String?
            if index < bytes.count, bytes[index] == UInt8(ascii: "=") {
                advance()
                skip(while: Self.isSpace)
                value = HTMLElement.decodeEntities(attributeValue())
            }
            attributes.append(.init(name: attributeName.lowercased(), value: value))
        }
        advance()  // >
        let tagText = String(decoding: bytes[tagStart..<min(index, bytes.count)], as: UTF8.self)
        var rawText: String?
        if HTMLElement.rawTextNames.contains(name) {
            let start = index
            skipToEndTag(name)
            rawText = String(decoding: bytes[start..<min(index, bytes.count)], as: UTF8.self)
        }
        return HTMLElement(name: name, attributes: attributes, line: tagLine, tagText: tagText, rawText: rawText)
    }

    private mutating func attributeValue() -> String {
        guard index < bytes.count else { return "" }
        let quote = bytes[index]
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            advance()
            let value = read { $0 != quote }
            advance()
            return value
        }
        return read { !Self.isSpace($0) && $0 != UInt8(ascii: ">") }
    }

    /// Moves to the `<` of `</name` (case-insensitive), or to the end.
    private mutating func skipToEndTag(_ name: String) {
        let closing = Array("</\(name)".utf8)
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "<"), index + closing.count <= bytes.count,
                zip(bytes[index..<index + closing.count], closing).allSatisfy({ Self.lower($0) == $1 })
            {
                return
            }
            advance()
        }
    }

    private static let commentStart = Array("<!--".utf8)
    private static let commentEnd = Array("-->".utf8)
    private static let tagEnd = Array(">".utf8)

    private func starts(with prefix: [UInt8]) -> Bool {
        guard index + prefix.count <= bytes.count else { return false }
        for offset in 0..<prefix.count where bytes[index + offset] != prefix[offset] { return false }
        return true
    }

    private mutating func skip(past marker: [UInt8]) {
        while index < bytes.count, !starts(with: marker) { advance() }
        for _ in marker { advance() }
    }

    private mutating func read(while predicate: (UInt8) -> Bool) -> String {
        let start = index
        skip(while: predicate)
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func skip(while predicate: (UInt8) -> Bool) {
        while index < bytes.count, predicate(bytes[index]) { advance() }
    }

    private mutating func advance() {
        guard index < bytes.count else { return }
        if bytes[index] == UInt8(ascii: "\n") { line += 1 }
        index += 1
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C }
    private static func lower(_ byte: UInt8) -> UInt8 { Self.isLetter(byte) ? byte | 0x20 : byte }
}
