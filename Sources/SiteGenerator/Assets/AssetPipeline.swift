import Foundation
import Mustache

/// Turns `Templates/assets/` into fingerprinted files under `assets/`.
///
/// CSS and JavaScript are rendered through Mustache with `site` only, their relative references
/// (module imports, `url(…)`, `@import`) are rewritten to fingerprinted names in dependency order,
/// and only then hashed, so a change in a dependency changes every importer's name too.
struct AssetPipeline {
    let templatesDirectory: URL
    let assetPaths: [String]
    let site: [String: Any]
    let copy: CopyCatalog

    static let outputFolder = "assets/"
    static let copyName = "copy.json"
    static let manifestPath = "assets-manifest.json"

    /// Builds every asset plus the copy JSON.
    /// - Throws: `asset-template-invalid`, `unresolved-import`, `broken-link`, `import-cycle`,
    ///   `unknown-copy-key` (for `copy("…")` in JavaScript), or read errors.
    func build() throws(SiteBuildError) -> AssetBundle {
        let root = templatesDirectory.appendingPathComponent(TemplateSet.assetsFolder)
        var texts: [String: SourceFile] = [:]
        var references: [String: [(reference: AssetReference, target: String)]] = [:]
        let known = Set(assetPaths)
        guard !known.contains(Self.copyName) else {
            throw SiteBuildError(
                .assetTemplateInvalid,
                "'\(Self.copyName)' is generated from Site/copy; rename this file",
                file: displayPath(Self.copyName)
            )
        }
        for path in assetPaths where Self.isText(path) {
            let source = try renderedSource(path, under: root)
            texts[path] = source
            references[path] = try resolvedReferences(of: source, known: known)
            if path.hasSuffix(".js") { try checkCopyKeys(in: source) }
        }
        var bundle = AssetBundle()
        for path in try dependencyOrder(references) {
            let data: Data
            if let source = texts[path] {
                var text = source.text
                for (reference, target) in (references[path] ?? []).reversed() {
                    let suffix = AssetPath.splitSuffix(reference.text).suffix
                    let targetOutput = try bundle.outputPath(of: target)
                    text.replaceSubrange(reference.range, with: AssetPath.relative(targetOutput, from: path) + suffix)
                }
                data = Data(text.utf8)
            } else {
                data = try SourceFile.readData(path, under: root)
            }
            bundle.add(path, data: data)
        }
        bundle.add(Self.copyName, data: copy.json())
        return bundle
    }

    /// Switches Mustache to plain text (no HTML escaping). The empty comment keeps the pragma from being
    /// a "standalone" tag that would swallow a leading newline and shift every line number.
    static let plainTextPragma = "{{%CONTENT_TYPE:TEXT}}{{!}}"

    /// Files rendered through Mustache and scanned for references.
    static func isText(_ path: String) -> Bool {
        path.hasSuffix(".js") || path.hasSuffix(".mjs") || path.hasSuffix(".css")
    }

    private func displayPath(_ path: String) -> String {
        templatesDirectory.lastPathComponent + "/" + TemplateSet.assetsFolder + path
    }

    /// Reads an asset and renders it with `site` (as plain text, no HTML escaping).
    private func renderedSource(_ path: String, under root: URL) throws(SiteBuildError) -> SourceFile {
        let raw = try SourceFile.read(path, under: root)
        let file = displayPath(path)
        for tag in MustacheTag.scan(raw.text) where [.variable, .unescaped, .section, .inverted].contains(tag.kind) {
            guard tag.name == "." || tag.name == "site" || tag.name.hasPrefix("site.") else {
                throw SiteBuildError(
                    .assetTemplateInvalid,
                    "CSS and JavaScript see only 'site' (found '\(tag.name)'); use copy(\"…\") for words",
                    file: file,
                    line: tag.line
                )
            }
        }
        let template = try TemplateSet.parse(Self.plainTextPragma + raw.text, file: file)
        return SourceFile(displayPath: file, relativePath: path, text: template.render(["site": site]))
    }

    private func resolvedReferences(
        of source: SourceFile,
        known: Set<String>
    ) throws(SiteBuildError) -> [(reference: AssetReference, target: String)] {
        let isStylesheet = source.relativePath.hasSuffix(".css")
        let found =
            isStylesheet
            ? AssetReference.stylesheetReferences(in: source.text)
            : AssetReference.moduleSpecifiers(in: source.text)
        var resolved: [(reference: AssetReference, target: String)] = []
        for reference in found {
            let path = AssetPath.splitSuffix(reference.text).path
            if isStylesheet && !AssetPath.isRelative(reference.text) {
                // Absolute URLs (`https:`, `/…`) are left alone; fingerprinted files need relative paths.
                if reference.text.hasPrefix("/") && !reference.text.hasPrefix("//") {
                    throw SiteBuildError(
                        .brokenLink,
                        "'\(reference.text)' must be relative to the stylesheet",
                        file: source.displayPath,
                        line: reference.line
                    )
                }
                continue
            }
            if !isStylesheet && !(path.hasPrefix("./") || path.hasPrefix("../")) {
                if !AssetPath.isRelative(path) && !path.hasPrefix("/") { continue }  // https: module URL
                throw SiteBuildError(
                    .unresolvedImport,
                    "'\(reference.text)' must be a relative path ('./…'): there is no bundler",
                    file: source.displayPath,
                    line: reference.line
                )
            }
            guard let target = AssetPath.resolve(path, from: source.relativePath), known.contains(target) else {
                throw SiteBuildError(
                    isStylesheet ? .brokenLink : .unresolvedImport,
                    "'\(reference.text)' is not a file in Templates/assets",
                    file: source.displayPath,
                    line: reference.line
                )
            }
            resolved.append((reference, target))
        }
        return resolved
    }

    private func checkCopyKeys(in source: SourceFile) throws(SiteBuildError) {
        for reference in AssetReference.copyKeys(in: source.text) where copy.strings[reference.text] == nil {
            throw SiteBuildError(
                .unknownCopyKey,
                "there is no copy key '\(reference.text)'",
                file: source.displayPath,
                line: reference.line
            )
        }
    }

    /// All assets, each after everything it references.
    /// - Throws: `import-cycle` at the reference that closes a cycle.
    private func dependencyOrder(
        _ references: [String: [(reference: AssetReference, target: String)]]
    ) throws(SiteBuildError) -> [String] {
        var order: [String] = []
        var done: Set<String> = []
        var stack: [String] = []
        func visit(_ path: String) throws(SiteBuildError) {
            guard !done.contains(path) else { return }
            stack.append(path)
            for (reference, target) in references[path] ?? [] {
                if let start = stack.firstIndex(of: target) {
                    let cycle = (stack[start...] + [target]).joined(separator: " -> ")
                    throw SiteBuildError(
                        .importCycle,
                        "the assets import each other in a cycle: \(cycle)",
                        file: displayPath(path),
                        line: reference.line
                    )
                }
                try visit(target)
            }
            stack.removeLast()
            done.insert(path)
            order.append(path)
        }
        for path in assetPaths { try visit(path) }
        return order
    }
}
