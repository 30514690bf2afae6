public import Foundation

/// Where a site build reads its sources and writes its output.
///
/// `passbank build --site Site --templates Templates --output public` maps directly onto this value.
public struct SiteBuildConfiguration: Sendable, Hashable {
    /// The content folder (`Site/`): `site.yml`, pages, `copy/` and `problems/`.
    public let siteDirectory: URL
    /// The template folder (`Templates/`): `layouts/`, `partials/`, `pages/` and `assets/`.
    public let templatesDirectory: URL
    /// The folder the build replaces (`public/`) once every check has passed.
    public let outputDirectory: URL

    /// Creates a configuration from three folders.
    ///
    /// The folders are standardized (`..` removed) so that error messages and the output swap
    /// always talk about the same paths.
    public init(siteDirectory: URL, templatesDirectory: URL, outputDirectory: URL) {
        self.siteDirectory = siteDirectory.standardizedFileURL
        self.templatesDirectory = templatesDirectory.standardizedFileURL
        self.outputDirectory = outputDirectory.standardizedFileURL
    }
}
