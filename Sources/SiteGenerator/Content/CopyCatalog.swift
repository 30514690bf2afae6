import Foundation

/// All named UX strings from `Site/copy/*.md`: a tree for templates (`copy.signin.button`) and a flat,
/// sorted map for JavaScript (`copy("signin.button")`).
struct CopyCatalog {
    /// Nested maps of strings, by namespace.
    private(set) var tree: [String: Any] = [:]
    /// Dotted key to text.
    private(set) var strings: [String: String] = [:]

    static let folder = "copy/"

    /// Adds the `copy:` map of one file under `Site/copy/`, namespaced by its path
    /// (`copy/signin.md` -> `signin`, `copy/help/faq.md` -> `help.faq`).
    /// - Throws: front matter errors, or `copy-invalid` for a missing map, a bad key, a list, or a duplicate.
    mutating func add(_ source: SourceFile) throws(SiteBuildError) {
        let frontMatter = try FrontMatter(parsing: source)
        let line = frontMatter.line(of: "copy")
        guard let copy = frontMatter.fields["copy"] as? [String: Any] else {
            throw SiteBuildError(.copyInvalid, "a copy file needs a 'copy:' map", file: source.displayPath, line: line)
        }
        let namespace = source.relativePath.dropFirst(Self.folder.count).dropLast(3)
            .split(separator: "/").map(String.init)
        for segment in namespace where !Self.isValidKey(segment) {
            throw SiteBuildError(
                .copyInvalid,
                "'\(segment)' is not a valid copy namespace (letters, digits, '-', '_')",
                file: source.displayPath,
                line: 1
            )
        }
        try insert(copy, at: namespace, source: source, frontMatter: frontMatter)
    }

    private mutating func insert(
        _ map: [String: Any],
        at prefix: [String],
        source: SourceFile,
        frontMatter: FrontMatter
    ) throws(SiteBuildError) {
        for key in map.keys.sorted() {
            let path = prefix + [key]
            let dotted = path.joined(separator: ".")
            let line =
                source.line(of: key + ":") ?? source.line(of: "\"\(key)\":") ?? source.line(of: "'\(key)':")
                ?? frontMatter.line(of: "copy")
            guard Self.isValidKey(key) else {
                throw SiteBuildError(
                    .copyInvalid,
                    "'\(key)' is not a valid copy key (letters, digits, '-', '_')",
                    file: source.displayPath,
                    line: line
                )
            }
            switch map[key] {
            case let nested as [String: Any]:
                try insert(nested, at: path, source: source, frontMatter: frontMatter)
            case let value? where value is String || value is Int || value is Double || value is Bool:
                let prefixTaken = (1..<path.count).contains { strings[path[..<$0].joined(separator: ".")] != nil }
                guard strings[dotted] == nil, !contains(dotted), !prefixTaken else {
                    throw SiteBuildError(
                        .copyInvalid,
                        "the copy key '\(dotted)' is defined twice",
                        file: source.displayPath,
                        line: line
                    )
                }
                let text = "\(value)"
                strings[dotted] = text
                tree = Self.setting(text, at: path[...], in: tree)
            default:
                throw SiteBuildError(
                    .copyInvalid,
                    "the copy key '\(dotted)' must be text or a map",
                    file: source.displayPath,
                    line: line
                )
            }
        }
    }

    /// Whether `key` names a string or a namespace (`signin.button`, `signin`).
    func contains(_ key: String) -> Bool {
        if strings[key] != nil { return true }
        let prefix = key + "."
        return strings.keys.contains { $0.hasPrefix(prefix) }
    }

    /// The JSON the browser loads: a flat object from dotted key to text, keys sorted.
    func json() -> Data {
        // Sorted keys and no timestamps keep the output byte-identical between builds.
        (try? JSONSerialization.data(withJSONObject: strings, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
    }

    static func isValidKey(_ key: String) -> Bool {
        !key.isEmpty
            && key.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "_")
            }
    }

    private static func setting(_ text: String, at path: ArraySlice<String>, in map: [String: Any]) -> [String: Any] {
        var map = map
        guard let first = path.first else { return map }
        if path.count == 1 {
            map[first] = text
        } else {
            map[first] = setting(text, at: path.dropFirst(), in: map[first] as? [String: Any] ?? [:])
        }
        return map
    }
}
