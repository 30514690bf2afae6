/// A seam for `Fuzz/PassbankFuzz`: one page's text through the parsers `passbank build` uses for a
/// `Site/` page, without the file system or templates.
package enum PageParsing {
    /// Splits and parses the YAML front matter, validates the page's fields, parses the body as Mustache
    /// when it holds `{{`, and renders the markdown body.
    /// - Returns: the body's HTML.
    /// - Throws: `SiteBuildError` for front matter, field, route or markdown problems.
    package static func parse(text: String, relativePath: String = "fuzz.md") throws(SiteBuildError) -> String {
        let source = SourceFile(displayPath: "Site/\(relativePath)", relativePath: relativePath, text: text)
        let page = try Page(source: source)
        let body = page.frontMatter.body
        if body.contains("{{") {
            _ = try TemplateSet.parse(body, file: source.displayPath, firstLine: page.frontMatter.bodyStartLine)
        }
        return try MarkdownRenderer.render(page.frontMatter.body, file: source.displayPath)
    }
}
