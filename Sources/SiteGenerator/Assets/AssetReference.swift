import Foundation

/// A reference from one asset to a file: a JavaScript module specifier (`import … from "./x.js"`), or a
/// CSS `url(…)` / `@import`. `range` covers the reference text only, without quotes.
struct AssetReference {
    let text: String
    let range: Range<String.Index>
    let line: Int

    /// Static imports, re-exports and dynamic `import("…")` with a string literal.
    static func moduleSpecifiers(in source: String) -> [AssetReference] {
        matches(of: moduleSpecifierPatterns, in: source)
    }

    /// `url(…)` and `@import "…"` in a stylesheet.
    static func stylesheetReferences(in source: String) -> [AssetReference] {
        matches(of: stylesheetPatterns, in: source).filter { !$0.text.hasPrefix("data:") }
    }

    /// The literal keys of `copy("…")` calls in JavaScript (a method such as `x.copy(…)` does not count,
    /// nor a template literal with `${…}`).
    static func copyKeys(in source: String) -> [AssetReference] {
        matches(of: copyCallPatterns, in: source).filter { !$0.text.contains("${") }
    }

    private static func matches(of patterns: [NSRegularExpression], in source: String) -> [AssetReference] {
        let whole = NSRange(source.startIndex..., in: source)
        var references: [AssetReference] = []
        for pattern in patterns {
            for match in pattern.matches(in: source, range: whole) {
                let captured = match.range(at: match.numberOfRanges - 1)
                guard let range = Range(captured, in: source) else { continue }
                references.append(AssetReference(text: String(source[range]), range: range, line: 0))
            }
        }
        references.sort { $0.range.lowerBound < $1.range.lowerBound }
        // One pass over the text numbers every reference's line.
        var line = 1
        var position = source.startIndex
        return references.map { reference in
            line += source[position..<reference.range.lowerBound].utf8.lazy.filter { $0 == UInt8(ascii: "\n") }.count
            position = reference.range.lowerBound
            return AssetReference(text: reference.text, range: reference.range, line: line)
        }
    }

    // Each pattern's last group is the reference.
    private static let moduleSpecifierPatterns = compile([
        #"(?<![\w$.])import\s*(?:[\w$*{}\s,]+?\s*from\s*)?(["'])([^"'\n]+)\1"#,
        #"(?<![\w$.])export\s*(?:\*(?:\s*as\s+[\w$]+)?|\{[^}]*\})\s*from\s*(["'])([^"'\n]+)\1"#,
        #"(?<![\w$.])import\s*\(\s*(["'])([^"'\n]+)\1\s*\)"#,
    ])
    private static let stylesheetPatterns = compile([
        #"url\(\s*(["']?)([^"'()\s]+)\1\s*\)"#,
        #"@import\s+(["'])([^"'\n]+)\1"#,
    ])
    private static let copyCallPatterns = compile([
        #"(?<![\w$.])copy\(\s*(["'`])([^"'`\n]*)\1\s*[,)]"#
    ])

    private static func compile(_ patterns: [String]) -> [NSRegularExpression] {
        // The patterns are constants; a typo is a programming error caught by any test.
        patterns.map { try! NSRegularExpression(pattern: $0) }
    }
}
