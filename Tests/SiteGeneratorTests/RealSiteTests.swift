import Foundation
import SiteGenerator
import Testing

/// Builds the repository's own `Site/` and `Templates/`: the proof that content and generator agree
/// on docs/site-authoring.md.
@Suite("Real site")
struct RealSiteTests {
    static let repository = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var hasSite: Bool {
        FileManager.default.fileExists(atPath: repository.appendingPathComponent("Site/site.yml").path)
    }

    @Test("the repository's Site/ and Templates/ build", .enabled(if: hasSite, "Site/site.yml is absent: the content is not written yet"))
    func buildsRepositorySite() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("real-site-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let configuration = SiteBuildConfiguration(
            siteDirectory: Self.repository.appendingPathComponent("Site"),
            templatesDirectory: Self.repository.appendingPathComponent("Templates"),
            outputDirectory: output
        )
        let report: SiteBuildReport
        do {
            report = try SiteBuilder(configuration: configuration).build()
        } catch {
            Issue.record("the real site does not build: \(error)")
            return
        }
        #expect(report.pageCount > 0)
        #expect(report.routes.contains("/"))
        #expect(!report.problemCodes.isEmpty)
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("index.html").path))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("assets-manifest.json").path))
    }
}
