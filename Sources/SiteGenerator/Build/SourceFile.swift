import Foundation

/// One source file read as UTF-8 text, with the path used in error messages.
struct SourceFile: Sendable {
    /// Path shown to people: `Site/signin.md`, `Templates/layouts/default.mustache`.
    let displayPath: String
    /// Path relative to its root folder: `signin.md`, `layouts/default.mustache`.
    let relativePath: String
    let text: String

    /// Larger files are refused (`file-too-large`): no page or template needs this much.
    static let maximumSize = 8 * 1024 * 1024

    init(displayPath: String, relativePath: String, text: String) {
        self.displayPath = displayPath
        self.relativePath = relativePath
        self.text = text
    }

    /// Reads `relativePath` under `root`.
    /// - Throws: `io-error`, `file-too-large`, or `invalid-encoding` (with the line of the first bad byte).
    static func read(_ relativePath: String, under root: URL) throws(SiteBuildError) -> SourceFile {
        let displayPath = root.lastPathComponent + "/" + relativePath
        let data = try readData(relativePath, under: root)
        guard let text = String(validating: data, as: UTF8.self) else {
            throw SiteBuildError(
                .invalidEncoding,
                "the file is not valid UTF-8 text",
                file: displayPath,
                line: firstInvalidLine(in: data)
            )
        }
        // A byte order mark is not content.
        let withoutBOM = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        return SourceFile(displayPath: displayPath, relativePath: relativePath, text: withoutBOM)
    }

    /// Reads raw bytes of `relativePath` under `root`.
    /// - Throws: `io-error` or `file-too-large`.
    static func readData(_ relativePath: String, under root: URL) throws(SiteBuildError) -> Data {
        let displayPath = root.lastPathComponent + "/" + relativePath
        let url = root.appendingPathComponent(relativePath)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw SiteBuildError(.ioError, "the file cannot be read", file: displayPath)
        }
        guard data.count <= maximumSize else {
            throw SiteBuildError(
                .fileTooLarge,
                "the file is larger than \(maximumSize / 1024 / 1024) MB",
                file: displayPath
            )
        }
        return data
    }

    /// The 1-based line holding `index`.
    func line(at index: String.Index) -> Int {
        text.utf8[..<index].reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    }

    /// The 1-based line of the first occurrence of `needle`, if any.
    func line(of needle: String) -> Int? {
        guard !needle.isEmpty, let range = text.range(of: needle) else { return nil }
        return line(at: range.lowerBound)
    }

    private static func firstInvalidLine(in data: Data) -> Int {
        var line = 1
        var start = data.startIndex
        while start < data.endIndex {
            let end = data[start...].firstIndex(of: UInt8(ascii: "\n")) ?? data.endIndex
            if String(validating: data[start..<end], as: UTF8.self) == nil { return line }
            line += 1
            start = end == data.endIndex ? end : data.index(after: end)
        }
        return line
    }
}
