import CCMarkGFM
import Foundation

/// Renders GitHub Flavored Markdown to HTML with cmark-gfm and its table, strikethrough, autolink and
/// tagfilter extensions.
///
/// Raw HTML in markdown is kept (`CMARK_OPT_UNSAFE`) except the elements tagfilter disables
/// (`<script>`, `<style>`, `<iframe>`, ...); the HTML audit then holds it to the same rules as templates.
enum MarkdownRenderer {
    /// The GFM extensions every page gets.
    static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter"]

    /// Registers the extensions once: cmark-gfm's own guard is a plain flag, not safe when two builds
    /// (parallel tests) start together; a Swift static is initialized exactly once.
    private static let extensionsRegistered: Void = cmark_gfm_core_extensions_ensure_registered()

    /// Renders `markdown` to an HTML fragment.
    /// - Throws: `markdown-failed` when cmark-gfm cannot allocate or lacks an extension.
    static func render(_ markdown: String, file: String? = nil) throws(SiteBuildError) -> String {
        _ = extensionsRegistered
        let options = CMARK_OPT_UNSAFE
        guard let parser = cmark_parser_new(options) else {
            throw SiteBuildError(.markdownFailed, "cmark-gfm could not create a parser", file: file)
        }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            guard let syntaxExtension = cmark_find_syntax_extension(name),
                cmark_parser_attach_syntax_extension(parser, syntaxExtension) != 0
            else {
                throw SiteBuildError(.markdownFailed, "cmark-gfm has no '\(name)' extension", file: file)
            }
        }
        var markdown = markdown
        markdown.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { characters in
                cmark_parser_feed(parser, characters.baseAddress, characters.count)
            }
        }
        guard let document = cmark_parser_finish(parser) else {
            throw SiteBuildError(.markdownFailed, "cmark-gfm could not parse the markdown", file: file)
        }
        defer { cmark_node_free(document) }
        guard let html = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else {
            throw SiteBuildError(.markdownFailed, "cmark-gfm could not render the markdown", file: file)
        }
        // cmark allocates the result with the default allocator (malloc).
        defer { free(html) }
        return String(cString: html)
    }
}
