import Foundation

/// Everything read from `Site/`: configuration, pages and copy.
struct SiteContent {
    let configuration: SiteConfiguration
    /// Pages sorted by route.
    let pages: [Page]
    let copy: CopyCatalog

    /// Reads and validates the content folder.
    /// - Throws: the first error of any file, in path order, or `duplicate-route`.
    static func load(from siteDirectory: URL) throws(SiteBuildError) -> SiteContent {
        let configuration = try SiteConfiguration.load(from: siteDirectory)
        var pages: [Page] = []
        var copy = CopyCatalog()
        for path in SiteSources.files(under: siteDirectory) {
            if path.hasPrefix(CopyCatalog.folder) && path.hasSuffix(".md") {
                try copy.add(try SourceFile.read(path, under: siteDirectory))
            } else if Page.isPage(relativePath: path) {
                pages.append(try Page(source: try SourceFile.read(path, under: siteDirectory)))
            }
        }
        var owners: [String: Page] = [:]
        for page in pages {
            if let owner = owners[page.outputPath] {
                throw SiteBuildError(
                    .duplicateRoute,
                    "the route '\(page.route)' is also used by \(owner.source.displayPath)",
                    file: page.source.displayPath,
                    line: page.frontMatter.keyLines["route"] ?? 1
                )
            }
            owners[page.outputPath] = page
        }
        return SiteContent(configuration: configuration, pages: pages.sorted { $0.route < $1.route }, copy: copy)
    }
}
