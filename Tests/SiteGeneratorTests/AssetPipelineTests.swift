import Foundation
import Testing

@testable import SiteGenerator

@Suite("Assets")
struct AssetPipelineTests {
    @Test("assets get a content hash in their name and a manifest entry")
    func fingerprints() throws {
        let fixture = FixtureSite()
        let report = try fixture.build()
        #expect(report.assets.keys.sorted() == ["app.css", "copy.js", "copy.json", "images/logo.svg", "signin.js"])
        #expect(report.assetCount == 5)
        for (name, url) in report.assets {
            let data = try #require(fixture.outputFiles()[String(url.dropFirst())], "\(name) was not written")
            let hash = ContentHash.fingerprint(of: data)
            #expect(url == "/assets/" + AssetPath.fingerprinted(name, hash: hash))
        }
        let manifest = try #require(fixture.output("assets-manifest.json"))
        let decoded = try JSONSerialization.jsonObject(with: Data(manifest.utf8)) as? [String: String]
        #expect(decoded == report.assets)
        #expect(manifest.hasSuffix("}\n"))
        // The logo is untouched bytes; its hash is of the file itself.
        let logo = Data("<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>\n".utf8)
        #expect(report.assets["images/logo.svg"] == "/assets/images/logo.\(ContentHash.fingerprint(of: logo)).svg")
    }

    @Test("relative imports and CSS urls are rewritten to fingerprinted names")
    func rewritesReferences() throws {
        let fixture = FixtureSite()
        fixture.write(
            "Templates/assets/pages/home.js",
            """
            import { copy } from "../copy.js";
            import "../signin.js";
            export * from '../copy.js';
            const later = () => import("../copy.js?v=1");

            """
        )
        let report = try fixture.build()
        let copyName = try #require(report.assets["copy.js"]).split(separator: "/").last!
        let signinName = try #require(report.assets["signin.js"]).split(separator: "/").last!
        let home = try output(fixture, report, "pages/home.js")
        #expect(
            home == """
                import { copy } from "../\(copyName)";
                import "../\(signinName)";
                export * from '../\(copyName)';
                const later = () => import("../\(copyName)?v=1");

                """
        )
        let signin = try output(fixture, report, "signin.js")
        #expect(signin == "import { copy } from \"./\(copyName)\";\nconsole.log(copy(\"signin.button\"), \"Passbank & Co\");\n")
        let css = try output(fixture, report, "app.css")
        let logo = try #require(report.assets["images/logo.svg"]).dropFirst("/assets/".count)
        #expect(css == "body { color: black; }\n.logo { background: url(\"./\(logo)\"); }\n")
    }

    @Test("a change in a dependency changes its importers' names too")
    func hashesCascade() throws {
        let fixture = FixtureSite()
        let before = try fixture.build().assets
        fixture.write("Templates/assets/copy.js", "export function copy(key) { return key + \"\"; }\n")
        let after = try fixture.build().assets
        #expect(before["copy.js"] != after["copy.js"])
        #expect(before["signin.js"] != after["signin.js"])
        #expect(before["app.css"] == after["app.css"])
    }

    @Test("an import cycle is an error at the import that closes it")
    func cycle() throws {
        let fixture = FixtureSite()
        fixture.write("Templates/assets/a.js", "import \"./b.js\";\n")
        fixture.write("Templates/assets/b.js", "// b\nimport { c } from \"./a.js\";\n")
        let error = try #require(fixture.buildError())
        #expect(error.code == "import-cycle")
        #expect(error.file == "Templates/assets/b.js")
        #expect(error.line == 2)
        #expect(error.reason.contains("a.js -> b.js -> a.js"))
    }

    @Test(
        "unresolvable references fail",
        arguments: [
            ("Templates/assets/signin.js", "import x from \"./nope.js\";\n", "unresolved-import", 1),
            ("Templates/assets/signin.js", "\nimport x from \"lit\";\n", "unresolved-import", 2),
            ("Templates/assets/signin.js", "import x from \"/assets/copy.js\";\n", "unresolved-import", 1),
            ("Templates/assets/signin.js", "import x from \"../../etc/passwd\";\n", "unresolved-import", 1),
            ("Templates/assets/app.css", "a {}\nb { background: url(missing.png); }\n", "broken-link", 2),
            ("Templates/assets/app.css", "@import \"/theme.css\";\n", "broken-link", 1),
        ]
    )
    func unresolved(path: String, text: String, code: String, line: Int) throws {
        let fixture = FixtureSite()
        fixture.write(path, text)
        let error = try #require(fixture.buildError())
        #expect(error.code == code)
        #expect(error.file == path)
        #expect(error.line == line)
    }

    @Test("external and data URLs are left alone")
    func externalReferences() throws {
        let fixture = FixtureSite()
        fixture.write(
            "Templates/assets/app.css",
            "a { background: url(data:image/png;base64,AA==); }\nb { background: url(https://cdn.example/x.png); }\n"
        )
        try fixture.build()
    }

    @Test("a source file named copy.json is refused")
    func copyJSONNameTaken() throws {
        let fixture = FixtureSite()
        fixture.write("Templates/assets/copy.json", "{}")
        #expect(fixture.buildError()?.code == "asset-template-invalid")
    }

    @Test(
        "asset paths",
        arguments: [
            ("app.css", "abc", "app.abc.css"), ("pages/sign-in.js", "abc", "pages/sign-in.abc.js"),
            ("LICENSE", "abc", "LICENSE.abc"), (".hidden", "abc", ".hidden.abc"),
        ]
    )
    func fingerprintedNames(path: String, hash: String, expected: String) {
        #expect(AssetPath.fingerprinted(path, hash: hash) == expected)
    }

    @Test("relative paths between assets")
    func relativePaths() {
        #expect(AssetPath.relative("copy.1.js", from: "signin.js") == "./copy.1.js")
        #expect(AssetPath.relative("copy.1.js", from: "pages/home.js") == "../copy.1.js")
        #expect(AssetPath.relative("pages/x.1.js", from: "app.js") == "./pages/x.1.js")
        #expect(AssetPath.relative("a/b/c.js", from: "a/d/e.js") == "../b/c.js")
        #expect(AssetPath.resolve("../x.js", from: "app.js") == nil)
        #expect(AssetPath.templateKey("pages/sign-in.js") == "pages_sign_in_js")
    }

    /// The generated text of the asset `name`.
    private func output(_ fixture: FixtureSite, _ report: SiteBuildReport, _ name: String) throws -> String {
        let url = try #require(report.assets[name])
        return try #require(fixture.output(String(url.dropFirst())))
    }
}
