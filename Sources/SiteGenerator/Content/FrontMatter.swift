import Foundation
import Yams

/// The YAML map between the opening and closing `---` lines of a source file, and the text after it.
struct FrontMatter {
    /// The top-level map, converted for templates.
    let fields: [String: Any]
    /// 1-based line of each top-level key, for error messages.
    let keyLines: [String: Int]
    /// Everything after the closing `---` line.
    let body: String
    /// The 1-based line on which `body` starts.
    let bodyStartLine: Int

    /// Front matter larger than this is refused: nobody writes that much metadata by hand.
    static let maximumSize = 64 * 1024
    /// At most this many YAML values (after alias expansion).
    static let maximumValueCount = 10_000

    /// Splits `source` into front matter and body and parses the YAML.
    /// - Throws: `front-matter-missing` when the file does not start with `---`;
    ///   `front-matter-invalid` for unterminated, oversized, malformed or non-map front matter.
    init(parsing source: SourceFile) throws(SiteBuildError) {
        let file = source.displayPath
        // "\r\n" is one Character in Swift, so Windows line endings need saying explicitly.
        var lines = source.text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })[...]
        guard let opening = lines.first, Self.isDelimiter(opening) else {
            throw SiteBuildError(
                .frontMatterMissing,
                "the file must start with front matter between '---' lines",
                file: file,
                line: 1
            )
        }
        lines = lines.dropFirst()
        guard let closingIndex = lines.firstIndex(where: { Self.isDelimiter($0) || Self.trimmed($0) == "..." }) else {
            throw SiteBuildError(
                .frontMatterInvalid,
                "the front matter has no closing '---' line",
                file: file,
                line: 1
            )
        }
        let yaml = lines[..<closingIndex].joined(separator: "\n")
        guard yaml.utf8.count <= Self.maximumSize else {
            throw SiteBuildError(
                .frontMatterInvalid,
                "the front matter is larger than \(Self.maximumSize / 1024) KiB",
                file: file,
                line: 2
            )
        }
        let node = try Self.compose(yaml, file: file, lineOffset: 1, code: .frontMatterInvalid)
        var budget = Self.maximumValueCount
        switch node {
        case nil:
            fields = [:]
            keyLines = [:]
        case .mapping(let mapping)?:
            fields = try (node?.templateValue(budget: &budget, file: file, lineOffset: 1) as? [String: Any]) ?? [:]
            var keyLines: [String: Int] = [:]
            for key in mapping.keys {
                if let name = key.string { keyLines[name] = key.line(offset: 1) }
            }
            self.keyLines = keyLines
        case let other?:
            throw SiteBuildError(
                .frontMatterInvalid,
                "the front matter must be a map of keys to values",
                file: file,
                line: other.line(offset: 1) ?? 2
            )
        }
        // `closingIndex` counts from the first line (index 0), so the body starts two lines later.
        bodyStartLine = closingIndex + 2
        body = lines[lines.index(after: closingIndex)...].joined(separator: "\n")
    }

    /// The line of `key`, or the first line of the front matter.
    func line(of key: String) -> Int {
        keyLines[key] ?? 1
    }

    /// Parses one YAML document; `lineOffset` is the number of lines before it in `file`.
    /// - Throws: `code` with the line of the YAML problem.
    static func compose(
        _ yaml: String,
        file: String,
        lineOffset: Int,
        code: SiteBuildError.Code
    ) throws(SiteBuildError) -> Node? {
        do {
            return try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw SiteBuildError(
                code,
                "the YAML is not valid: \(problem(of: error))",
                file: file,
                line: (line(of: error, in: yaml) ?? 1) + lineOffset
            )
        } catch {
            throw SiteBuildError(code, "the YAML is not valid", file: file, line: lineOffset + 1)
        }
    }

    private static func isDelimiter(_ line: Substring) -> Bool {
        trimmed(line) == "---"
    }

    private static func trimmed(_ line: Substring) -> Substring {
        var line = line
        while let last = line.last, last == " " || last == "\t" || last == "\r" { line = line.dropLast() }
        return line
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _),
            .reader(let problem, _, _, _):
            return problem
        case .duplicatedKeysInMapping(let duplicates, _):
            return "duplicate key \(duplicates.joined(separator: ", "))"
        default:
            return "unreadable"
        }
    }

    private static func line(of error: YamlError, in yaml: String) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        case .duplicatedKeysInMapping(_, let context):
            return context.mark.line
        case .reader(_, let offset?, _, _):
            return yaml.utf8.prefix(offset).filter { $0 == UInt8(ascii: "\n") }.count + 1
        default:
            return nil
        }
    }
}
