import Foundation
import Mustache

/// The Mustache templates of `Templates/`: layouts, partials and page templates, parsed once.
struct TemplateSet {
    /// Layout name (`default`) to source.
    let layouts: [String: SourceFile]
    /// Partial name (`header`, `forms/field`) to source.
    let partials: [String: SourceFile]
    /// Page template name (`signin`) to source.
    let pageTemplates: [String: SourceFile]
    /// Every template, registered as `layouts/<name>`, `pages/<name>` and (partials) `<name>`.
    let library: MustacheLibrary
    /// Paths of the files under `Templates/assets/`, sorted.
    let assetPaths: [String]

    static let assetsFolder = "assets/"

    /// Reads and parses every template.
    /// - Throws: `template-invalid` with the line of a Mustache syntax error, or read errors.
    static func load(from templatesDirectory: URL) throws(SiteBuildError) -> TemplateSet {
        var layouts: [String: SourceFile] = [:]
        var partials: [String: SourceFile] = [:]
        var pageTemplates: [String: SourceFile] = [:]
        var assetPaths: [String] = []
        var library = MustacheLibrary()
        for path in SiteSources.files(under: templatesDirectory) {
            if path.hasPrefix(assetsFolder) {
                assetPaths.append(String(path.dropFirst(assetsFolder.count)))
                continue
            }
            guard path.hasSuffix(".mustache") else { continue }
            let source = try SourceFile.read(path, under: templatesDirectory)
            let template = try parse(source.text, file: source.displayPath)
            let name = String(path.dropLast(".mustache".count))
            for (folder, kind) in [("layouts/", 0), ("partials/", 1), ("pages/", 2)] where name.hasPrefix(folder) {
                let shortName = String(name.dropFirst(folder.count))
                switch kind {
                case 0: layouts[shortName] = source
                case 1: partials[shortName] = source
                default: pageTemplates[shortName] = source
                }
                library.register(template, named: kind == 1 ? shortName : name)
            }
        }
        return TemplateSet(
            layouts: layouts,
            partials: partials,
            pageTemplates: pageTemplates,
            library: library,
            assetPaths: assetPaths
        )
    }

    /// Parses Mustache text; `firstLine` is the line `text` starts on in `file`.
    /// - Throws: `template-invalid` with the line of the syntax error.
    static func parse(_ text: String, file: String, firstLine: Int = 1) throws(SiteBuildError) -> MustacheTemplate {
        do {
            return try MustacheTemplate(string: text)
        } catch let error as MustacheTemplate.ParserError {
            throw SiteBuildError(
                .templateInvalid,
                "the Mustache is not valid: \(error.error)",
                file: file,
                line: error.context.lineNumber + firstLine - 1
            )
        } catch {
            throw SiteBuildError(.templateInvalid, "the Mustache is not valid: \(error)", file: file, line: firstLine)
        }
    }

    /// Refuses partials that include themselves, directly or through others: swift-mustache would
    /// recurse until the stack overflows.
    /// - Throws: `partial-cycle` at the inclusion that closes the cycle.
    func checkPartialCycles() throws(SiteBuildError) {
        var done: Set<String> = []
        var stack: [String] = []
        func visit(_ name: String) throws(SiteBuildError) {
            guard !done.contains(name), let source = partials[name] else { return }
            stack.append(name)
            for tag in MustacheTag.scan(source.text) where tag.kind == .partial || tag.kind == .parent {
                if let start = stack.firstIndex(of: tag.name) {
                    let cycle = (stack[start...] + [tag.name]).joined(separator: " -> ")
                    throw SiteBuildError(
                        .partialCycle,
                        "the partials include each other in a cycle: \(cycle)",
                        file: source.displayPath,
                        line: tag.line
                    )
                }
                try visit(tag.name)
            }
            stack.removeLast()
            done.insert(name)
        }
        for name in partials.keys.sorted() { try visit(name) }
    }

    /// Every template source, layouts first, then page templates, then partials, each sorted by name:
    /// the order in which a problem found in rendered HTML is traced back to a file.
    var allSources: [SourceFile] {
        [layouts, pageTemplates, partials].flatMap { group in group.keys.sorted().compactMap { group[$0] } }
    }
}
