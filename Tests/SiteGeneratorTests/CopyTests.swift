import Foundation
import Testing

@testable import SiteGenerator

@Suite("Copy")
struct CopyTests {
    @Test("copy reaches templates and a flat, sorted, fingerprinted JSON")
    func copyJSON() throws {
        let fixture = FixtureSite()
        fixture.write("Site/copy/help/faq.md", "---\ncopy:\n  question: \"Why?\"\n  count: 3\n---\n")
        let report = try fixture.build()
        let url = try #require(report.assets["copy.json"])
        #expect(url.hasPrefix("/assets/copy.") && url.hasSuffix(".json"))
        let json = try #require(fixture.output(String(url.dropFirst())))
        #expect(
            json
                == #"{"help.faq.count":"3","help.faq.question":"Why?","signin.button":"Sign in with a passkey","signin.errors.cancelled":"You cancelled."}"#
        )
        let home = try #require(fixture.output("index.html"))
        #expect(home.contains("<meta name=\"passbank:copy\" content=\"\(url)\">"))
    }

    @Test(
        "unknown copy keys fail with file and line",
        arguments: [
            ("Templates/pages/signin.mustache", "<h1>\n{{copy.signin.nope}}</h1>", "Templates/pages/signin.mustache", 2),
            ("Templates/partials/header.mustache", "{{#copy.nope}}x{{/copy.nope}}", "Templates/partials/header.mustache", 1),
            ("Site/index.md", "---\ntitle: Home\n---\n\n{{{copy.signin.buton}}}\n", "Site/index.md", 5),
            ("Templates/assets/signin.js", "import { copy } from \"./copy.js\";\n\nalert(copy(\"signin.nope\"));\n", "Templates/assets/signin.js", 3),
            ("Templates/assets/signin.js", "const t = copy('signin.errors');\n", "Templates/assets/signin.js", 1),
        ]
    )
    func unknownKey(path: String, text: String, file: String, line: Int) throws {
        let fixture = FixtureSite()
        fixture.write(path, text)
        let error = try #require(fixture.buildError())
        #expect(error.code == "unknown-copy-key")
        #expect(error.file == file)
        #expect(error.line == line)
    }

    @Test("copy namespaces and known keys pass; dynamic keys and methods named copy are not checked")
    func knownKeys() throws {
        let fixture = FixtureSite()
        fixture.write("Templates/partials/header.mustache", "{{#copy.signin.errors}}{{cancelled}}{{/copy.signin.errors}}\n")
        fixture.write(
            "Templates/assets/signin.js",
            """
            import { copy } from "./copy.js";
            copy("signin.errors.cancelled");
            copy(`signin.${name}`);
            copy(key);
            buffer.copy("not.a.key");

            """
        )
        try fixture.build()
    }

    @Test(
        "invalid copy files are refused",
        arguments: [
            ("---\ntitle: no copy map\n---\n", 1),
            ("---\ncopy:\n  list: [a, b]\n---\n", 3),
            ("---\ncopy:\n  \"bad.key\": x\n---\n", 3),
            ("---\ncopy: just text\n---\n", 2),
        ]
    )
    func invalidCopy(text: String, line: Int) throws {
        let fixture = FixtureSite()
        fixture.write("Site/copy/extra.md", text)
        let error = try #require(fixture.buildError())
        #expect(error.code == "copy-invalid")
        #expect(error.file == "Site/copy/extra.md")
        #expect(error.line == line)
    }

    @Test("the same key defined twice is refused")
    func duplicateKey() throws {
        let fixture = FixtureSite()
        fixture.write("Site/copy/signin/errors.md", "---\ncopy:\n  cancelled: again\n---\n")
        #expect(fixture.buildError()?.code == "copy-invalid")
    }

    @Test("CSS and JavaScript see only site")
    func assetsSeeOnlySite() throws {
        let fixture = FixtureSite()
        fixture.write("Templates/assets/app.css", "body {}\n/* {{copy.signin.button}} */\n")
        let error = try #require(fixture.buildError())
        #expect(error.code == "asset-template-invalid")
        #expect(error.file == "Templates/assets/app.css")
        #expect(error.line == 2)
    }
}
