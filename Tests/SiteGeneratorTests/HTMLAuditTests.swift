import Foundation
import Testing

@testable import SiteGenerator

@Suite("HTML checks")
struct HTMLAuditTests {
    @Test(
        "inline script, style and handlers fail with the source file and line",
        arguments: [
            ("Templates/partials/header.mustache", "<nav>\n<script>alert(1)</script>\n</nav>", "inline-script", 2),
            ("Templates/partials/header.mustache", "<nav>\n<SCRIPT type=module src=\"/x.js\">go()</SCRIPT>\n</nav>", "inline-script", 2),
            ("Templates/partials/header.mustache", "<nav>\n\n<style>nav{}</style></nav>", "inline-style", 3),
            ("Templates/partials/header.mustache", "<nav style=\"color:red\"></nav>", "inline-style", 1),
            ("Templates/partials/header.mustache", "<nav>\n<button onclick=\"go()\">Go</button></nav>", "inline-handler", 2),
            ("Templates/partials/header.mustache", "<nav>\n<a href=\"javascript:go()\">Go</a></nav>", "inline-script", 2),
            ("Site/index.md", "---\ntitle: Home\n---\n\n<div onmouseover='x()'>hi</div>\n", "inline-handler", 5),
            ("Site/index.md", "---\ntitle: Home\n---\n<p style=color:red>hi</p>\n", "inline-style", 4),
        ]
    )
    func inlineCode(path: String, text: String, code: String, line: Int) throws {
        let fixture = FixtureSite()
        fixture.write(path, text)
        let error = try #require(fixture.buildError())
        #expect(error.code == code)
        #expect(error.file == path)
        #expect(error.line == line)
    }

    @Test("a script in markdown is disarmed by tagfilter and passes")
    func markdownScript() throws {
        let fixture = FixtureSite()
        fixture.write("Site/index.md", "---\ntitle: Home\n---\n<script>alert(1)</script>\n")
        try fixture.build()
        #expect(fixture.output("index.html")?.contains("&lt;script>alert(1)&lt;/script>") == true)
    }

    @Test(
        "broken internal links fail with the source file and line",
        arguments: [
            ("Site/index.md", "---\ntitle: Home\n---\n\nSee [help](/nope/).\n", "Site/index.md", 5),
            ("Site/help/passkeys.md", "---\ntitle: P\n---\n[up](../../../../)\n", "Site/help/passkeys.md", 4),
            ("Site/help/passkeys.md", "---\ntitle: P\n---\n[x](passkeys/)\n", "Site/help/passkeys.md", 4),
            ("Templates/partials/header.mustache", "<nav>\n<img src=\"/logo.png\" alt=\"\"></nav>", "Templates/partials/header.mustache", 2),
            ("Templates/partials/header.mustache", "<form action=\"/signin/x/\"></form>", "Templates/partials/header.mustache", 1),
        ]
    )
    func brokenLinks(path: String, text: String, file: String, line: Int) throws {
        let fixture = FixtureSite()
        fixture.write(path, text)
        let error = try #require(fixture.buildError())
        #expect(error.code == "broken-link")
        #expect(error.file == file)
        #expect(error.line == line)
    }

    @Test(
        "links that resolve",
        arguments: [
            "/", "/signin/", "/signin", "/signin/#main", "/signin/?next=%2F", "#top", "?x=1", "", "./",
            "/help/passkeys/", "help/passkeys/", "/oauth2/authorize?x", "/api/accounts", "/healthz",
            "https://example.com/x", "mailto:help@example.com", "tel:+441234", "//cdn.example/x", "/assets-manifest.json",
            "/%73ignin/",
        ]
    )
    func resolves(link: String) {
        let resolver = LinkResolver(
            outputFiles: ["index.html", "signin/index.html", "help/passkeys/index.html", "assets-manifest.json"],
            dynamicPrefixes: SiteConfiguration.defaultDynamicPrefixes
        )
        #expect(resolver.resolves(link, fromRoute: "/"))
    }

    @Test("links that do not", arguments: ["../", "/nope/", "/signin/x", "/../../etc/passwd", "nope.html", "/index.htm"])
    func broken(link: String) {
        let resolver = LinkResolver(outputFiles: ["index.html", "signin/index.html"], dynamicPrefixes: ["/api/"])
        #expect(!resolver.resolves(link, fromRoute: "/"))
    }

    @Test("the scanner reads tags, attributes, comments and raw text")
    func scanner() {
        let elements = HTMLScanner.elements(
            in: """
                <!doctype html><!-- <script>hidden</script> -->
                <a HREF='/x' data-y=z disabled>t</a>
                <script src="/a.js">
                </script><p title="a > b &amp; c">
                """
        )
        #expect(elements.map(\.name) == ["a", "script", "p"])
        #expect(elements[0].attribute("href")?.value == "/x")
        #expect(elements[0].attribute("data-y")?.value == "z")
        #expect(elements[0].attribute("disabled") != nil && elements[0].attribute("disabled")?.value == nil)
        #expect(elements[1].line == 3)
        #expect(elements[1].rawText == "\n")
        #expect(elements[2].attribute("title")?.value == "a > b & c")
    }
}
