import Foundation
import Yams

/// `Site/site.yml`: values every template sees as `site.*`.
struct SiteConfiguration {
    /// The whole file, for templates.
    let values: [String: Any]
    /// URL prefixes the backend serves; links under them are not checked against files.
    let dynamicPrefixes: [String]

    static let fileName = "site.yml"
    /// Used when `site.yml` has no `dynamicPrefixes`.
    static let defaultDynamicPrefixes = [
        "/oauth2/", "/api/", "/webauthn/", "/auth/", "/.well-known/", "/healthz", "/metrics", "/openapi.json",
    ]

    /// Reads `site.yml` from `siteDirectory`.
    /// - Throws: `site-config-missing`, `site-config-invalid` (with line), or read errors.
    static func load(from siteDirectory: URL) throws(SiteBuildError) -> SiteConfiguration {
        let path = siteDirectory.appendingPathComponent(fileName).path
        guard FileManager.default.fileExists(atPath: path) else {
            throw SiteBuildError(
                .siteConfigMissing,
                "the site has no \(fileName)",
                file: siteDirectory.lastPathComponent + "/" + fileName
            )
        }
        let source = try SourceFile.read(fileName, under: siteDirectory)
        let node = try FrontMatter.compose(
            source.text,
            file: source.displayPath,
            lineOffset: 0,
            code: .siteConfigInvalid
        )
        var budget = FrontMatter.maximumValueCount
        let converted: Any?
        do {
            converted = try node?.templateValue(budget: &budget, file: source.displayPath, lineOffset: 0)
        } catch {
            throw SiteBuildError(.siteConfigInvalid, error.reason, file: error.file, line: error.line)
        }
        guard let values = (converted ?? [String: Any]()) as? [String: Any] else {
            throw SiteBuildError(
                .siteConfigInvalid,
                "\(fileName) must be a map of keys to values",
                file: source.displayPath,
                line: 1
            )
        }
        var prefixes = defaultDynamicPrefixes
        if let configured = values["dynamicPrefixes"] {
            guard let list = configured as? [Any], list.allSatisfy({ ($0 as? String)?.hasPrefix("/") == true }) else {
                throw SiteBuildError(
                    .siteConfigInvalid,
                    "dynamicPrefixes must be a list of paths starting with '/'",
                    file: source.displayPath,
                    line: source.line(of: "dynamicPrefixes")
                )
            }
            prefixes = list.compactMap { $0 as? String }
        }
        return SiteConfiguration(values: values, dynamicPrefixes: prefixes)
    }
}
