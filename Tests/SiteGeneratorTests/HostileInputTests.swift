import Foundation
import Testing

@testable import SiteGenerator

/// Whole builds fed inputs an attacker or a broken editor could produce: each fails cleanly with a
/// located error, or succeeds, and never crashes or writes outside the output folder.
@Suite("Hostile inputs")
struct HostileInputTests {
    @Test("binary junk in front matter")
    func binaryFrontMatter() throws {
        let fixture = FixtureSite()
        var data = Data("---\ntitle: x\n".utf8)
        data.append(contentsOf: (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) })
        fixture.write("Site/junk.md", data: data)
        let error = try #require(fixture.buildError())
        #expect(["invalid-encoding", "front-matter-invalid"].contains(error.code))
        #expect(error.file == "Site/junk.md")
        #expect(error.line != nil)
    }

    @Test("control characters in valid UTF-8 front matter")
    func controlCharacters() throws {
        let fixture = FixtureSite()
        fixture.write("Site/junk.md", "---\ntitle: \u{0001}\u{0002}\u{001B}[31m\n---\n")
        let error = try #require(fixture.buildError())
        #expect(error.code == "front-matter-invalid")
        #expect(error.line == 2)
    }

    @Test("huge front matter")
    func hugeFrontMatter() throws {
        let fixture = FixtureSite()
        fixture.write("Site/huge.md", "---\ntitle: x\nblob: \"" + String(repeating: "A", count: 200_000) + "\"\n---\n")
        let error = try #require(fixture.buildError())
        #expect(error.code == "front-matter-invalid")
        #expect(error.file == "Site/huge.md")
    }

    @Test("a 1 MB page builds")
    func megabytePage() throws {
        let fixture = FixtureSite()
        let row = "| passkey | \(String(repeating: "x", count: 60)) | [home](/) |\n"
        let body = "| a | b | c |\n| - | - | - |\n" + String(repeating: row, count: 1_000_000 / row.utf8.count + 1)
        fixture.write("Site/big.md", "---\ntitle: Big\n---\n" + body)
        try fixture.build()
        #expect((fixture.output("big/index.html")?.utf8.count ?? 0) > 1_000_000)
    }

    @Test("a file over 8 MB is refused")
    func oversizedFile() throws {
        let fixture = FixtureSite()
        fixture.write("Site/big.md", "---\ntitle: Big\n---\n" + String(repeating: "x", count: 8 * 1024 * 1024))
        #expect(fixture.buildError()?.code == "file-too-large")
    }

    @Test("deeply nested lists build")
    func nestedLists() throws {
        let fixture = FixtureSite()
        let list = (0..<1_000).map { String(repeating: "  ", count: $0) + "- level \($0)" }.joined(separator: "\n")
        fixture.write("Site/deep.md", "---\ntitle: Deep\n---\n" + list + "\n")
        try fixture.build()
        #expect(fixture.output("deep/index.html")?.contains("level 999") == true)
    }

    @Test("front matter that is not a map", arguments: ["- a\n- b", "42", "\"text\"", "[1, 2]"])
    func notAMap(yaml: String) throws {
        let fixture = FixtureSite()
        fixture.write("Site/odd.md", "---\n\(yaml)\n---\n")
        let error = try #require(fixture.buildError())
        #expect(error.code == "front-matter-invalid")
        #expect(error.file == "Site/odd.md")
        #expect(error.line == 2)
    }

    @Test(
        "routes that try to leave the output folder are refused",
        arguments: [
            "/../escape/", "/a/../../escape/", "..", "/..%2f/", "/a/..", "\"/\\\\..\\\\escape/\"",
        ]
    )
    func escapingRoutes(route: String) throws {
        let fixture = FixtureSite()
        fixture.write("Site/evil.md", "---\ntitle: Evil\nroute: \(route)\n---\n")
        let error = try #require(fixture.buildError())
        #expect(error.code == "route-invalid")
        #expect(error.line == 3)
        #expect(!FileManager.default.fileExists(atPath: fixture.root.appendingPathComponent("escape").path))
        #expect(!FileManager.default.fileExists(atPath: fixture.outputDirectory.path))
    }

    @Test("Mustache in a page body cannot reach the file system through partial names")
    func partialTraversal() throws {
        let fixture = FixtureSite()
        fixture.write("Site/evil.md", "---\ntitle: Evil\n---\n{{> ../../../etc/passwd}}\n")
        #expect(fixture.buildError()?.code == "missing-partial")
    }
}
