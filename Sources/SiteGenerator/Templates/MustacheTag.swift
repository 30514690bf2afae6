/// One `{{…}}` tag found in a template's text, with its line: what the build checks before rendering,
/// because swift-mustache renders a missing partial or key as empty text.
struct MustacheTag: Equatable {
    enum Kind: Equatable {
        case variable, unescaped, section, inverted, close, partial, parent, block, comment, pragma
    }

    let kind: Kind
    let name: String
    let line: Int

    /// The tags of `text`, in order; `firstLine` is the line `text` starts on in its file.
    ///
    /// Scanning stops at a set-delimiter tag (`{{=<% %>=}}`): templates here have no use for one.
    static func scan(_ text: String, firstLine: Int = 1) -> [MustacheTag] {
        var tags: [MustacheTag] = []
        let bytes = Array(text.utf8)
        let newline = UInt8(ascii: "\n"), open = UInt8(ascii: "{"), close = UInt8(ascii: "}")
        var index = 0
        var line = firstLine
        while index < bytes.count {
            let byte = bytes[index]
            if byte == newline {
                line += 1
                index += 1
                continue
            }
            guard byte == open, index + 1 < bytes.count, bytes[index + 1] == open else {
                index += 1
                continue
            }
            var start = index + 2
            let triple = start < bytes.count && bytes[start] == open
            if triple { start += 1 }
            var end = start
            while end + 1 < bytes.count, !(bytes[end] == close && bytes[end + 1] == close) { end += 1 }
            guard end + 1 < bytes.count else { break }
            let inner = String(decoding: bytes[start..<end], as: UTF8.self)
            let tagLine = line
            line += bytes[start..<end].lazy.filter { $0 == newline }.count
            index = end + 2
            if triple && index < bytes.count && bytes[index] == close { index += 1 }
            guard let tag = tag(inner, triple: triple, line: tagLine) else { break }
            tags.append(tag)
        }
        return tags
    }

    /// Builds a tag from the text between the braces; `nil` for a set-delimiter tag.
    private static func tag(_ inner: String, triple: Bool, line: Int) -> MustacheTag? {
        var body = Substring(inner).trimmingSpaces()
        var kind = Kind.variable
        if triple {
            kind = .unescaped
        } else if let sigil = body.first {
            let kinds: [Character: Kind] = [
                "#": .section, "^": .inverted, "/": .close, ">": .partial, "<": .parent,
                "$": .block, "!": .comment, "&": .unescaped, "%": .pragma,
            ]
            if sigil == "=" { return nil }
            if let sigilKind = kinds[sigil] {
                kind = sigilKind
                body = body.dropFirst().trimmingSpaces()
            }
        }
        return MustacheTag(kind: kind, name: String(body), line: line)
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var text = self
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return text
    }
}
