/// Checks the names a template refers to, so that a typo fails the build instead of rendering
/// as empty text: partials (`{{> name}}`), copy keys (`{{copy.ns.key}}`) and assets (`{{assets.app_css}}`).
struct TemplateReferences {
    let partialNames: Set<String>
    let copy: CopyCatalog
    let assetKeys: Set<String>

    /// - Throws: `missing-partial`, `unknown-copy-key` or `unknown-asset`, with the line of the tag.
    func check(_ text: String, file: String, firstLine: Int = 1) throws(SiteBuildError) {
        for tag in MustacheTag.scan(text, firstLine: firstLine) {
            switch tag.kind {
            case .partial, .parent:
                // Dynamic partials (`{{>*name}}`) are named at render time.
                guard !tag.name.hasPrefix("*"), !partialNames.contains(tag.name) else { continue }
                throw SiteBuildError(
                    .missingPartial,
                    "there is no partial '\(tag.name)' in Templates/partials",
                    file: file,
                    line: tag.line
                )
            case .variable, .unescaped, .section, .inverted:
                try checkName(tag, file: file)
            case .close, .block, .comment, .pragma:
                continue
            }
        }
    }

    private func checkName(_ tag: MustacheTag, file: String) throws(SiteBuildError) {
        // Transforms wrap the name: `{{uppercase(copy.signin.title)}}`.
        let name = tag.name.split(whereSeparator: { $0 == "(" || $0 == ")" }).last.map(String.init) ?? tag.name
        if name.hasPrefix("copy.") {
            let key = String(name.dropFirst("copy.".count))
            guard copy.contains(key) else {
                throw SiteBuildError(.unknownCopyKey, "there is no copy key '\(key)'", file: file, line: tag.line)
            }
        } else if name.hasPrefix("assets.") {
            let key = String(name.dropFirst("assets.".count))
            guard assetKeys.contains(key) else {
                throw SiteBuildError(
                    .unknownAsset,
                    "there is no asset '\(key)' in Templates/assets",
                    file: file,
                    line: tag.line
                )
            }
        }
    }
}
