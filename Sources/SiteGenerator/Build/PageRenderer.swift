import Mustache

/// Renders one page: its markdown body (itself a Mustache template), its optional page template,
/// and its layout.
struct PageRenderer {
    let content: SiteContent
    let templates: TemplateSet
    let assets: AssetBundle
    let references: TemplateReferences
    /// Pages in `nav`, sorted by order then route.
    let navigation: [(label: String, route: String)]

    init(content: SiteContent, templates: TemplateSet, assets: AssetBundle, references: TemplateReferences) {
        self.content = content
        self.templates = templates
        self.assets = assets
        self.references = references
        self.navigation = content.pages
            .compactMap { page in page.navigation.map { (label: $0.label, order: $0.order, route: page.route) } }
            .sorted { ($0.order, $0.route) < ($1.order, $1.route) }
            .map { (label: $0.label, route: $0.route) }
    }

    /// The finished HTML of `page`.
    /// - Throws: `unknown-layout`, `unknown-template`, `unknown-asset` (scripts), template reference
    ///   and syntax errors in the body (with their line in the page file), or `markdown-failed`.
    func render(_ page: Page) throws(SiteBuildError) -> String {
        let file = page.source.displayPath
        let frontMatter = page.frontMatter
        guard templates.layouts[page.layout] != nil else {
            throw SiteBuildError(.unknownLayout, "unknown layout '\(page.layout)'", file: file, line: frontMatter.line(of: "layout"))
        }
        if let template = page.template, templates.pageTemplates[template] == nil {
            throw SiteBuildError(
                .unknownTemplate,
                "unknown page template '\(template)'",
                file: file,
                line: frontMatter.line(of: "template")
            )
        }
        var scriptURLs: [String] = []
        for script in page.scripts {
            guard let url = assets.urls[script] else {
                throw SiteBuildError(
                    .unknownAsset,
                    "there is no script '\(script)' in Templates/assets",
                    file: file,
                    line: frontMatter.line(of: "scripts")
                )
            }
            scriptURLs.append(url)
        }

        var pageValues = frontMatter.fields
        pageValues["title"] = page.title
        pageValues["route"] = page.route
        pageValues["scripts"] = scriptURLs
        if let code = page.problemCode { pageValues["problemCode"] = code }
        var context: [String: Any] = [
            "site": content.configuration.values,
            "page": pageValues,
            "copy": content.copy.tree,
            "assets": assets.keys,
            "nav": navigation.map { ["label": $0.label, "route": $0.route, "current": $0.route == page.route] },
        ]

        var markdown = frontMatter.body
        // Most bodies hold no Mustache at all; parsing them anyway costs more than the markdown.
        if markdown.contains("{{") {
            try references.check(markdown, file: file, firstLine: frontMatter.bodyStartLine)
            let template = try TemplateSet.parse(markdown, file: file, firstLine: frontMatter.bodyStartLine)
            markdown = template.render(context, library: templates.library)
        }
        let body = try MarkdownRenderer.render(markdown, file: file)
        context["body"] = body
        if let template = page.template {
            context["content"] = templates.library.render(context, withTemplate: "pages/" + template) ?? ""
        } else {
            context["content"] = body
        }
        return templates.library.render(context, withTemplate: "layouts/" + page.layout) ?? ""
    }

    /// The sources a problem in `page`'s HTML may come from, most specific first.
    func sources(of page: Page) -> [SourceFile] {
        var sources = [page.source]
        if let template = page.template, let source = templates.pageTemplates[template] { sources.append(source) }
        if let layout = templates.layouts[page.layout] { sources.append(layout) }
        sources += templates.partials.keys.sorted().compactMap { templates.partials[$0] }
        return sources
    }
}
