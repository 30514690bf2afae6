public import Foundation

/// What a successful build wrote.
public struct SiteBuildReport: Sendable, Hashable {
    /// Number of HTML pages written (including problem pages).
    public let pageCount: Int
    /// Number of fingerprinted assets written (CSS, JavaScript, images and the copy JSON).
    public let assetCount: Int
    /// The output folder that now holds the new build.
    public let outputDirectory: URL
    /// Every route written, sorted (`/`, `/signin/`, `/404.html`, ...).
    public let routes: [String]
    /// The problem `code`s that have a page under `Site/problems/`, sorted.
    /// The server can check that every code it answers with has one.
    public let problemCodes: [String]
    /// Source asset name to public URL (`app.css` -> `/assets/app.1a2b3c4d5e.css`), as in `assets-manifest.json`.
    public let assets: [String: String]

    /// Creates a report.
    public init(
        pageCount: Int,
        assetCount: Int,
        outputDirectory: URL,
        routes: [String] = [],
        problemCodes: [String] = [],
        assets: [String: String] = [:]
    ) {
        self.pageCount = pageCount
        self.assetCount = assetCount
        self.outputDirectory = outputDirectory
        self.routes = routes
        self.problemCodes = problemCodes
        self.assets = assets
    }
}
