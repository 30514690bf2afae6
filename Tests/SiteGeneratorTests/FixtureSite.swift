import Foundation
import SiteGenerator

/// A small site written into a fresh temporary folder: `Site/`, `Templates/` and an output folder `public/`.
/// The folder is deleted when the fixture goes away.
final class FixtureSite {
    let root: URL

    var siteDirectory: URL { root.appendingPathComponent("Site") }
    var templatesDirectory: URL { root.appendingPathComponent("Templates") }
    var outputDirectory: URL { root.appendingPathComponent("public") }
    var configuration: SiteBuildConfiguration {
        SiteBuildConfiguration(
            siteDirectory: siteDirectory,
            templatesDirectory: templatesDirectory,
            outputDirectory: outputDirectory
        )
    }

    /// Writes `files` (path under the root to text); `minimal` by default.
    init(_ files: [String: String] = FixtureSite.minimal) {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("site-fixture-\(UUID().uuidString)")
        for (path, text) in files { write(path, text) }
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    func write(_ path: String, _ text: String) {
        write(path, data: Data(text.utf8))
    }

    func write(_ path: String, data: Data) {
        let url = root.appendingPathComponent(path)
        try! FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try! data.write(to: url)
    }

    func remove(_ path: String) {
        try? FileManager.default.removeItem(at: root.appendingPathComponent(path))
    }

    @discardableResult
    func build(into output: URL? = nil) throws(SiteBuildError) -> SiteBuildReport {
        var configuration = configuration
        if let output {
            configuration = SiteBuildConfiguration(
                siteDirectory: siteDirectory,
                templatesDirectory: templatesDirectory,
                outputDirectory: output
            )
        }
        return try SiteBuilder(configuration: configuration).build()
    }

    /// The error the build fails with, or `nil` when it succeeds.
    func buildError() -> SiteBuildError? {
        do {
            try build()
            return nil
        } catch {
            return error
        }
    }

    /// A generated file as text.
    func output(_ path: String) -> String? {
        try? String(contentsOf: outputDirectory.appendingPathComponent(path), encoding: .utf8)
    }

    /// Every generated file (relative path to bytes), hidden files included.
    func outputFiles(in directory: URL? = nil) -> [String: Data] {
        let base = directory ?? outputDirectory
        var files: [String: Data] = [:]
        guard let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [:] }
        for case let url as URL in enumerator where !url.hasDirectoryPath {
            let path = String(url.standardizedFileURL.path.dropFirst(base.standardizedFileURL.path.count + 1))
            files[path] = try? Data(contentsOf: url)
        }
        return files
    }

    static let layout = """
        <!doctype html>
        <html lang="{{site.language}}">
        <head>
        <title>{{page.title}} · {{site.bankName}}</title>
        <meta name="passbank:copy" content="{{assets.copy_json}}">
        <link rel="stylesheet" href="{{assets.app_css}}">
        {{#page.scripts}}
        <script type="module" src="{{.}}"></script>
        {{/page.scripts}}
        </head>
        <body>
        {{> header}}
        <main>
        {{{content}}}
        </main>
        </body>
        </html>

        """

    static let minimal: [String: String] = [
        "Site/site.yml": "bankName: \"Passbank & Co\"\nlanguage: en\n",
        "Site/index.md": """
        ---
        title: Home
        nav: {label: Home, order: 1}
        ---
        # Welcome to {{site.bankName}}

        [Sign in](/signin/) or read [about passkeys](help/passkeys/).

        """,
        "Site/signin.md": """
        ---
        title: Sign in
        template: signin
        scripts: [signin.js]
        nav: {label: Sign in, order: 2}
        data: {hint: "Use your passkey"}
        ---
        Use the passkey you saved.

        """,
        "Site/help/passkeys.md": "---\ntitle: About passkeys\n---\nA passkey replaces a password. [Home](../../)\n",
        "Site/problems/not-found.md": "---\ntitle: Not found\nstatus: 404\n---\nThere is nothing here.\n",
        "Site/copy/signin.md":
            "---\ncopy:\n  button: \"Sign in with a passkey\"\n  errors:\n    cancelled: \"You cancelled.\"\n---\nNotes for authors.\n",
        "Templates/layouts/default.mustache": layout,
        "Templates/partials/header.mustache":
            "<nav>{{#nav}}<a href=\"{{route}}\"{{#current}} aria-current=\"page\"{{/current}}>{{label}}</a>{{/nav}}</nav>\n",
        "Templates/pages/signin.mustache":
            "<h1>{{page.title}}</h1>\n<p>{{page.data.hint}}</p>\n{{{body}}}\n<button type=\"button\">{{copy.signin.button}}</button>\n",
        "Templates/assets/app.css": "body { color: black; }\n.logo { background: url(\"./images/logo.svg\"); }\n",
        "Templates/assets/images/logo.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>\n",
        "Templates/assets/copy.js": "export function copy(key) { return key; }\n",
        "Templates/assets/signin.js":
            "import { copy } from \"./copy.js\";\nconsole.log(copy(\"signin.button\"), \"{{site.bankName}}\");\n",
    ]
}
