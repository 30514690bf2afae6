import Testing

@testable import SiteGenerator

/// Golden tests for the GFM extensions the build turns on.
@Suite("Markdown")
struct MarkdownRendererTests {
    @Test(
        "GFM renders to the expected HTML",
        arguments: [
            (
                "| a | b |\n| --- | :-: |\n| 1 | 2 |\n",
                "<table>\n<thead>\n<tr>\n<th>a</th>\n<th align=\"center\">b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td align=\"center\">2</td>\n</tr>\n</tbody>\n</table>\n"
            ),
            ("~~gone~~ and ~kept~\n", "<p><del>gone</del> and <del>kept</del></p>\n"),
            (
                "Visit https://passbank.example/help or www.example.com.\n",
                "<p>Visit <a href=\"https://passbank.example/help\">https://passbank.example/help</a> or <a href=\"http://www.example.com\">www.example.com</a>.</p>\n"
            ),
            ("<script>alert(1)</script>\n", "&lt;script>alert(1)&lt;/script>\n"),
            ("<style>p{}</style> <textarea></textarea>\n", "&lt;style>p{}&lt;/style> &lt;textarea>&lt;/textarea>\n"),
            ("<div class=\"note\">kept</div>\n", "<div class=\"note\">kept</div>\n"),
            ("# Title\n\n- one\n- two\n", "<h1>Title</h1>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"),
            ("Copy &amp; paste\n", "<p>Copy &amp; paste</p>\n"),
        ]
    )
    func golden(markdown: String, html: String) throws {
        #expect(try MarkdownRenderer.render(markdown) == html)
    }

    @Test("a 1 MB markdown file renders")
    func largeFile() throws {
        let paragraph = String(repeating: "Passkeys are *phishing-resistant* and [easy](/help/). ", count: 20) + "\n\n"
        let markdown = String(repeating: paragraph, count: 1_000_000 / paragraph.utf8.count + 1)
        #expect(markdown.utf8.count >= 1_000_000)
        let html = try MarkdownRenderer.render(markdown)
        #expect(html.hasPrefix("<p>Passkeys are <em>"))
    }

    @Test("deeply nested lists and quotes render without crashing")
    func deeplyNested() throws {
        let list = (0..<2_000).map { String(repeating: "  ", count: $0) + "- item \($0)" }.joined(separator: "\n")
        #expect(try MarkdownRenderer.render(list).contains("item 0"))
        let quotes = String(repeating: ">", count: 10_000) + " deep\n"
        #expect(try MarkdownRenderer.render(quotes).contains("deep"))
        let brackets = String(repeating: "[", count: 50_000) + "x" + String(repeating: "]", count: 50_000)
        #expect(try MarkdownRenderer.render(brackets).contains("x"))
    }
}
