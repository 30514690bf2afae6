import Foundation
import Testing

@testable import SiteGenerator

@Suite("Build output")
struct BuildOutputTests {
    @Test("two builds into two folders are byte-identical")
    func deterministic() throws {
        let fixture = FixtureSite()
        fixture.write("Site/copy/more.md", "---\ncopy: {z: last, a: first, m: {b: 2, a: 1}}\n---\n")
        let first = fixture.root.appendingPathComponent("out-1")
        let second = fixture.root.appendingPathComponent("out-2")
        try fixture.build(into: first)
        try fixture.build(into: second)
        let a = fixture.outputFiles(in: first)
        let b = fixture.outputFiles(in: second)
        #expect(a.count > 5)
        #expect(a == b)
    }

    @Test("a failing build leaves the previous output untouched")
    func failureKeepsPrevious() throws {
        let fixture = FixtureSite()
        try fixture.build()
        fixture.write("public/.gitkeep", "")
        let before = fixture.outputFiles()
        fixture.write("Site/index.md", "---\ntitle: Home\nlayout: nope\n---\n")
        #expect(fixture.buildError()?.code == "unknown-layout")
        #expect(fixture.outputFiles() == before)
        // No staging folder is left behind.
        let siblings = try FileManager.default.contentsOfDirectory(atPath: fixture.root.path)
        #expect(siblings.sorted() == ["Site", "Templates", "public"])
    }

    @Test("a successful build replaces the output, dropping stale files and keeping .gitkeep")
    func replacesOutput() throws {
        let fixture = FixtureSite()
        fixture.write("public/.gitkeep", "")
        fixture.write("public/stale.html", "old")
        try fixture.build()
        let files = fixture.outputFiles()
        #expect(files["stale.html"] == nil)
        #expect(files[".gitkeep"] == Data())
        #expect(files["index.html"] != nil)
        let siblings = try FileManager.default.contentsOfDirectory(atPath: fixture.root.path)
        #expect(siblings.sorted() == ["Site", "Templates", "public"])
    }

    @Test("an output folder that holds the sources is refused")
    func outputHoldsSources() throws {
        let fixture = FixtureSite()
        #expect(throws: SiteBuildError(code: "output-invalid", reason: "")) {
            try fixture.build(into: fixture.root)
        }
        #expect(throws: SiteBuildError(code: "output-invalid", reason: "")) {
            try fixture.build(into: fixture.siteDirectory)
        }
        #expect(FileManager.default.fileExists(atPath: fixture.siteDirectory.appendingPathComponent("site.yml").path))
    }

    @Test("an output folder that cannot be created is an io-error, and the sources stay as they were")
    func unwritableOutput() throws {
        let fixture = FixtureSite()
        fixture.write("blocker", "a file where a folder should be")
        let output = fixture.root.appendingPathComponent("blocker/public")
        #expect(throws: SiteBuildError(code: "io-error", reason: "")) {
            try fixture.build(into: output)
        }
        #expect(fixture.outputFiles().isEmpty)
    }

    @Test("Windows line endings and a byte order mark are read like plain newlines")
    func carriageReturns() throws {
        let fixture = FixtureSite()
        fixture.write("Site/crlf.md", "\u{FEFF}---\r\ntitle: Windows\r\nlayout: default\r\n---\r\n# Hello\r\n")
        try fixture.build()
        #expect(fixture.output("crlf/index.html")?.contains("<h1>Hello</h1>") == true)
        fixture.write("Site/crlf.md", "---\r\ntitle: Windows\r\nlayout: nope\r\n---\r\n")
        let error = try #require(fixture.buildError())
        #expect(error.description == "Site/crlf.md:3: unknown layout 'nope' (unknown-layout)")
    }

    @Test("every error code is listed and kebab-case")
    func codes() {
        #expect(SiteBuildError.codes.count == SiteBuildError.Code.allCases.count)
        for code in SiteBuildError.codes {
            #expect(code.allSatisfy { $0.isLowercase || $0 == "-" })
        }
        #expect(SiteBuildError(code: "x", reason: "r").description == "r (x)")
        #expect(SiteBuildError(code: "x", reason: "r", file: "Site/a.md").description == "Site/a.md: r (x)")
    }

    @Test("the newest modification date covers both folders")
    func newestModificationDate() throws {
        let fixture = FixtureSite()
        let date = try #require(SiteSources.newestModificationDate(site: fixture.siteDirectory, templates: fixture.templatesDirectory))
        let later = date.addingTimeInterval(60)
        try FileManager.default.setAttributes(
            [.modificationDate: later],
            ofItemAtPath: fixture.templatesDirectory.appendingPathComponent("assets/app.css").path
        )
        let newest = try #require(SiteSources.newestModificationDate(site: fixture.siteDirectory, templates: fixture.templatesDirectory))
        #expect(abs(newest.timeIntervalSince(later)) < 0.01)
        let empty = fixture.root.appendingPathComponent("empty")
        #expect(SiteSources.newestModificationDate(site: empty, templates: empty) == nil)
    }
}
