import Foundation
import Testing

@testable import SiteGenerator

@Suite("Routes")
struct PageRouteTests {
    @Test(
        "routes derive from paths",
        arguments: [
            ("index.md", "/"), ("signin.md", "/signin/"), ("help/index.md", "/help/"),
            ("help/passkeys.md", "/help/passkeys/"), ("problems/not-found.md", "/problems/not-found/"),
        ]
    )
    func derived(path: String, route: String) {
        #expect(PageRoute.derived(fromRelativePath: path) == route)
    }

    @Test(
        "valid routes map to output files",
        arguments: [
            ("/", "index.html"), ("/signin/", "signin/index.html"), ("/404.html", "404.html"),
            ("/help/passkeys/", "help/passkeys/index.html"),
        ]
    )
    func outputPath(route: String, path: String) {
        #expect(PageRoute.problem(with: route) == nil)
        #expect(PageRoute.outputPath(of: route) == path)
    }

    @Test(
        "routes that could escape the output folder or are malformed are refused",
        arguments: [
            "../etc/", "/../", "/a/../../b/", "/./", "/a/./b/", "//evil/", "/a//b/", "signin/", "/signin",
            "/a\\b/", "/a%2e%2e/", "/%2e%2e/", "/a b/", "/\u{0}/", "/é/", "/x.html/", "",
        ]
    )
    func refused(route: String) {
        #expect(PageRoute.problem(with: route) != nil)
    }

    @Test("a page whose route escapes the output folder fails the build and writes nothing")
    func escapingRouteBuild() throws {
        let fixture = FixtureSite()
        fixture.write("Site/evil.md", "---\ntitle: Evil\nroute: /../../outside/\n---\nx\n")
        let error = try #require(fixture.buildError())
        #expect(error.code == "route-invalid")
        #expect(error.description == "Site/evil.md:3: a route must not contain '.' or '..' segments: '/../../outside/' (route-invalid)")
        #expect(fixture.outputFiles().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: fixture.root.deletingLastPathComponent().appendingPathComponent("outside").path))
    }

    @Test("two pages with one route fail the build")
    func duplicateRoute() throws {
        let fixture = FixtureSite()
        fixture.write("Site/other.md", "---\ntitle: Other\nroute: /signin/\n---\nx\n")
        let error = try #require(fixture.buildError())
        #expect(error.code == "duplicate-route")
        #expect(error.file == "Site/signin.md" || error.file == "Site/other.md")
    }
}
