import Foundation

/// Builds the static web client: `Site/` + `Templates/` -> the output folder.
///
/// ```swift
/// let builder = SiteBuilder(configuration: .init(siteDirectory: site, templatesDirectory: templates,
///                                                outputDirectory: output))
/// let report = try builder.build()
/// ```
public struct SiteBuilder: Sendable {
    /// The folders this builder reads and writes.
    public let configuration: SiteBuildConfiguration

    /// Creates a builder for `configuration`.
    public init(configuration: SiteBuildConfiguration) {
        self.configuration = configuration
    }

    /// Reads, renders and checks the whole site, then swaps the result into the output folder.
    ///
    /// The same input always gives byte-identical output.
    /// - Throws: ``SiteBuildError`` naming the file and line at fault; the previous output folder is
    ///   then left exactly as it was.
    public func build() throws(SiteBuildError) -> SiteBuildReport {
        let files = try render()
        try OutputFolder(url: configuration.outputDirectory).replace(with: files.files)
        return SiteBuildReport(
            pageCount: files.pageCount,
            assetCount: files.assets.files.count,
            outputDirectory: configuration.outputDirectory,
            routes: files.routes,
            problemCodes: files.problemCodes,
            assets: files.assets.urls
        )
    }

    /// Everything a build writes, checked, without touching the disk.
    struct RenderedSite {
        var files: [String: Data]
        var pageCount: Int
        var routes: [String]
        var problemCodes: [String]
        var assets: AssetBundle
    }

    /// Renders and checks every output file in memory.
    func render() throws(SiteBuildError) -> RenderedSite {
        try checkFolders()
        let content = try SiteContent.load(from: configuration.siteDirectory)
        let templates = try TemplateSet.load(from: configuration.templatesDirectory)
        let assets = try AssetPipeline(
            templatesDirectory: configuration.templatesDirectory,
            assetPaths: templates.assetPaths,
            site: content.configuration.values,
            copy: content.copy
        ).build()
        let references = TemplateReferences(
            partialNames: Set(templates.partials.keys),
            copy: content.copy,
            assetKeys: Set(assets.keys.keys)
        )
        for source in templates.allSources {
            try references.check(source.text, file: source.displayPath)
        }
        try templates.checkPartialCycles()

        var files = assets.files
        files[AssetPipeline.manifestPath] = assets.manifest()
        for page in content.pages where files[page.outputPath] != nil {
            throw SiteBuildError(
                .duplicateRoute,
                "the route '\(page.route)' collides with a generated asset",
                file: page.source.displayPath,
                line: page.frontMatter.line(of: "route")
            )
        }
        let renderer = PageRenderer(content: content, templates: templates, assets: assets, references: references)
        var pages: [(page: Page, html: String)] = []
        for page in content.pages {
            let html = try renderer.render(page)
            pages.append((page, html))
            files[page.outputPath] = Data(html.utf8)
        }

        let audit = HTMLAudit(
            links: LinkResolver(
                outputFiles: Set(files.keys),
                dynamicPrefixes: content.configuration.dynamicPrefixes
            )
        )
        let outputName = configuration.outputDirectory.lastPathComponent
        for (page, html) in pages {
            let sources = renderer.sources(of: page)
            try audit.check(html, route: page.route, outputFile: outputName + "/" + page.outputPath) { needle in
                for source in sources {
                    if let line = source.line(of: needle) { return (source.displayPath, line) }
                }
                return nil
            }
        }
        return RenderedSite(
            files: files,
            pageCount: pages.count,
            routes: content.pages.map(\.route),
            problemCodes: content.pages.compactMap(\.problemCode).sorted(),
            assets: assets
        )
    }

    /// Refuses an output folder that would swallow the sources when it is replaced.
    private func checkFolders() throws(SiteBuildError) {
        let output = configuration.outputDirectory.path
        for source in [configuration.siteDirectory.path, configuration.templatesDirectory.path] {
            if source == output || source.hasPrefix(output.hasSuffix("/") ? output : output + "/") {
                throw SiteBuildError(.outputInvalid, "the output folder \(output) must not contain the sources (\(source))")
            }
        }
        guard configuration.outputDirectory.pathComponents.count > 1 else {
            throw SiteBuildError(.outputInvalid, "the output folder cannot be the file system root")
        }
    }
}
