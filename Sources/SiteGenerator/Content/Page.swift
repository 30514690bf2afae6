/// One markdown page of the site, with its validated front matter.
struct Page {
    let source: SourceFile
    let frontMatter: FrontMatter
    let title: String
    /// Validated route (`/signin/`, `/404.html`).
    let route: String
    /// File under the output folder (`signin/index.html`).
    let outputPath: String
    /// Layout name under `Templates/layouts/`.
    let layout: String
    /// Optional page template name under `Templates/pages/`.
    let template: String?
    /// Asset names under `Templates/assets/` the layout loads as modules.
    let scripts: [String]
    /// Where the page sits in `nav`, if it does.
    let navigation: (label: String, order: Double)?
    /// The problem code of a page under `problems/`.
    let problemCode: String?

    /// Reads the front matter of a page.
    /// - Throws: front matter errors, `route-invalid`, or `front-matter-invalid` for a wrong field type.
    init(source: SourceFile) throws(SiteBuildError) {
        let frontMatter = try FrontMatter(parsing: source)
        let fields = frontMatter.fields
        let file = source.displayPath

        func invalid(_ key: String, _ reason: String) -> SiteBuildError {
            SiteBuildError(.frontMatterInvalid, reason, file: file, line: frontMatter.line(of: key))
        }
        func string(_ key: String) throws(SiteBuildError) -> String? {
            guard let value = fields[key] else { return nil }
            guard let text = value as? String, !text.isEmpty else { throw invalid(key, "'\(key)' must be a non-empty string") }
            return text
        }

        guard let title = try string("title") else { throw invalid("title", "the front matter needs a 'title'") }
        let route = try string("route") ?? PageRoute.derived(fromRelativePath: source.relativePath)
        if let problem = PageRoute.problem(with: route) {
            throw SiteBuildError(.routeInvalid, "\(problem): '\(route)'", file: file, line: frontMatter.line(of: "route"))
        }
        _ = try string("description")
        let layout = try string("layout") ?? "default"
        let template = try string("template")
        var scripts: [String] = []
        if let value = fields["scripts"] {
            guard let list = value as? [Any], list.allSatisfy({ $0 is String }) else {
                throw invalid("scripts", "'scripts' must be a list of asset names")
            }
            scripts = list.compactMap { $0 as? String }
        }
        var navigation: (label: String, order: Double)?
        if let value = fields["nav"] {
            guard let map = value as? [String: Any], let label = map["label"] as? String else {
                throw invalid("nav", "'nav' must be a map with a 'label' and an 'order'")
            }
            let order = (map["order"] as? Int).map(Double.init) ?? (map["order"] as? Double) ?? 0
            navigation = (label, order)
        }
        if let data = fields["data"], !(data is [String: Any]) {
            throw invalid("data", "'data' must be a map")
        }
        let problemPrefix = "problems/"
        var problemCode: String?
        if source.relativePath.hasPrefix(problemPrefix), !source.relativePath.dropFirst(problemPrefix.count).contains("/") {
            let name = String(source.relativePath.dropFirst(problemPrefix.count).dropLast(3))
            if name != "index" { problemCode = name }
        }

        self.source = source
        self.frontMatter = frontMatter
        self.title = title
        self.route = route
        self.outputPath = PageRoute.outputPath(of: route)
        self.layout = layout
        self.template = template
        self.scripts = scripts
        self.navigation = navigation
        self.problemCode = problemCode
    }

    /// Whether `relativePath` under `Site/` is a page: a `.md` file, not named `_*`, not in `copy/`
    /// or a folder named `_*`.
    static func isPage(relativePath: String) -> Bool {
        guard relativePath.hasSuffix(".md"), !relativePath.hasPrefix("copy/") else { return false }
        return !relativePath.split(separator: "/").contains { $0.hasPrefix("_") }
    }
}
