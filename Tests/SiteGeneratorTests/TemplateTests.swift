import Foundation
import Testing

@testable import SiteGenerator

@Suite("Layouts, partials and page templates")
struct TemplateTests {
    @Test("pages render through page templates, partials and the layout")
    func rendersMinimalSite() throws {
        let fixture = FixtureSite()
        let report = try fixture.build()
        #expect(report.pageCount == 4)
        #expect(report.routes == ["/", "/help/passkeys/", "/problems/not-found/", "/signin/"])
        #expect(report.problemCodes == ["not-found"])

        let home = try #require(fixture.output("index.html"))
        #expect(home.contains("<title>Home · Passbank &amp; Co</title>"))
        #expect(home.contains("<h1>Welcome to Passbank &amp; Co</h1>"))
        #expect(home.contains("<nav><a href=\"/\" aria-current=\"page\">Home</a><a href=\"/signin/\">Sign in</a></nav>"))
        #expect(!home.contains("<script"))

        let signin = try #require(fixture.output("signin/index.html"))
        #expect(signin.contains("<h1>Sign in</h1>\n<p>Use your passkey</p>\n<p>Use the passkey you saved.</p>"))
        #expect(signin.contains("<button type=\"button\">Sign in with a passkey</button>"))
        let script = try #require(report.assets["signin.js"])
        #expect(signin.contains("<script type=\"module\" src=\"\(script)\"></script>"))
        #expect(signin.contains("<a href=\"/signin/\" aria-current=\"page\">Sign in</a>"))
        #expect(fixture.output("problems/not-found/index.html")?.contains("There is nothing here.") == true)
    }

    @Test("the golden output of a tiny page")
    func goldenPage() throws {
        let fixture = FixtureSite([
            "Site/site.yml": "bankName: Passbank\n",
            "Site/index.md": "---\ntitle: Hi\ndescription: A page\n---\n| a | b |\n| - | - |\n| ~~x~~ | https://x.example |\n",
            "Templates/layouts/default.mustache":
                "<title>{{page.title}}</title><meta name=\"description\" content=\"{{page.description}}\">\n{{{content}}}",
        ])
        try fixture.build()
        #expect(
            fixture.output("index.html") == """
                <title>Hi</title><meta name="description" content="A page">
                <table>
                <thead>
                <tr>
                <th>a</th>
                <th>b</th>
                </tr>
                </thead>
                <tbody>
                <tr>
                <td><del>x</del></td>
                <td><a href="https://x.example">https://x.example</a></td>
                </tr>
                </tbody>
                </table>

                """
        )
    }

    @Test(
        "template errors name the file and line",
        arguments: [
            ("Site/index.md", "---\ntitle: Home\nlayout: nope\n---\nx\n", "unknown-layout", "Site/index.md", 3),
            ("Site/index.md", "---\ntitle: Home\ntemplate: nope\n---\nx\n", "unknown-template", "Site/index.md", 3),
            ("Templates/partials/header.mustache", "<nav>\n{{> missing}}\n</nav>", "missing-partial", "Templates/partials/header.mustache", 2),
            ("Templates/layouts/default.mustache", "<html>\n\n{{#page}}\n</html>", "template-invalid", "Templates/layouts/default.mustache", 4),
            ("Site/index.md", "---\ntitle: Home\n---\nline 5\n{{> nope}}\n", "missing-partial", "Site/index.md", 5),
            ("Site/index.md", "---\ntitle: Home\n---\n\n\n{{#x}}\n", "template-invalid", "Site/index.md", 7),
            ("Site/index.md", "---\ntitle: Home\nscripts: [nope.js]\n---\nx\n", "unknown-asset", "Site/index.md", 3),
            (
                "Templates/pages/signin.mustache", "<p>\n<img src=\"{{assets.nope_png}}\" alt=\"\">", "unknown-asset",
                "Templates/pages/signin.mustache", 2
            ),
        ]
    )
    func errors(path: String, text: String, code: String, file: String, line: Int) throws {
        let fixture = FixtureSite()
        fixture.write(path, text)
        let error = try #require(fixture.buildError())
        #expect(error.code == code)
        #expect(error.file == file)
        #expect(error.line == line)
    }

    @Test("partials that include each other are refused instead of recursing forever")
    func partialCycle() throws {
        let fixture = FixtureSite()
        fixture.write("Templates/partials/a.mustache", "<p>{{> b}}</p>")
        fixture.write("Templates/partials/b.mustache", "<p>\n{{#page}}{{> a}}{{/page}}</p>")
        fixture.write("Templates/partials/header.mustache", "{{> a}}")
        let error = try #require(fixture.buildError())
        #expect(error.code == "partial-cycle")
        #expect(error.file == "Templates/partials/b.mustache")
        #expect(error.line == 2)
        #expect(error.reason.contains("a -> b -> a"))
    }

    @Test("the error description reads like a compiler diagnostic")
    func description() throws {
        let fixture = FixtureSite()
        fixture.write("Site/signin.md", "---\ntitle: Sign in\nlayout: nope\n---\n")
        let error = try #require(fixture.buildError())
        #expect(error.description == "Site/signin.md:3: unknown layout 'nope' (unknown-layout)")
    }

    @Test("a missing site.yml fails the build")
    func missingSiteConfiguration() throws {
        let fixture = FixtureSite()
        fixture.remove("Site/site.yml")
        #expect(fixture.buildError()?.code == "site-config-missing")
        fixture.write("Site/site.yml", "bankName: [\n")
        #expect(fixture.buildError()?.code == "site-config-invalid")
        fixture.write("Site/site.yml", "- a\n")
        #expect(fixture.buildError()?.code == "site-config-invalid")
        fixture.write("Site/site.yml", "dynamicPrefixes: api\n")
        #expect(fixture.buildError()?.line == 1)
    }

    @Test("files named _* and folders named _* are not pages")
    func underscoreFiles() throws {
        let fixture = FixtureSite()
        fixture.write("Site/_draft.md", "not even front matter")
        fixture.write("Site/_drafts/x.md", "not even front matter")
        #expect(try fixture.build().pageCount == 4)
    }
}
