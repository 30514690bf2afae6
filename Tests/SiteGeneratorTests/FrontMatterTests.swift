import Foundation
import Testing

@testable import SiteGenerator

@Suite("Front matter")
struct FrontMatterTests {
    func source(_ text: String, path: String = "page.md") -> SourceFile {
        SourceFile(displayPath: "Site/" + path, relativePath: path, text: text)
    }

    @Test("fields, key lines and body are read")
    func parsesFields() throws {
        let matter = try FrontMatter(
            parsing: source(
                """
                ---
                title: "Sign in"
                nav: {label: Sign in, order: 2}
                flag: true
                count: 3
                ratio: 1.5
                quoted: "true"
                empty: ~
                list: [a, b]
                ---
                Body line

                """
            )
        )
        #expect(matter.fields["title"] as? String == "Sign in")
        #expect((matter.fields["nav"] as? [String: Any])?["order"] as? Int == 2)
        #expect(matter.fields["flag"] as? Bool == true)
        #expect(matter.fields["count"] as? Int == 3)
        #expect(matter.fields["ratio"] as? Double == 1.5)
        #expect(matter.fields["quoted"] as? String == "true")
        #expect(matter.fields["empty"] == nil)
        #expect(matter.fields["list"] as? [String] == ["a", "b"])
        #expect(matter.line(of: "title") == 2)
        #expect(matter.line(of: "list") == 9)
        #expect(matter.bodyStartLine == 11)
        #expect(matter.body == "Body line\n")
    }

    @Test(
        "base-60 numbers are text, however long (YAML 1.2.2 §10.3.2)",
        arguments: [
            "1:30",
            "-1:30",
            "1:30.5",
            "1:00:00:00:00:00:00:00:00:00:00:00",
            "446744073773709551:15",  // found by the frontmatter fuzz target: Yams trapped on overflow
        ]
    )
    func sexagesimalIsText(value: String) throws {
        let text = "---\ntitle: x\nplain: \(value)\ntagged: !!int \(value)\nlimits: {daily: \(value)}\n---\n"
        let matter = try FrontMatter(parsing: source(text))
        #expect(matter.fields["plain"] as? String == value)
        #expect(matter.fields["tagged"] as? String == value)
        #expect((matter.fields["limits"] as? [String: Any])?["daily"] as? String == value)
    }

    @Test(
        "bad front matter names the file and line",
        arguments: [
            ("no front matter\n", "front-matter-missing", 1),
            ("---\ntitle: x\n", "front-matter-invalid", 1),
            ("---\ntitle: x\n  bad: [\n---\n", "front-matter-invalid", 3),
            ("---\ntitle: a\ntitle: b\n---\n", "front-matter-invalid", 2),
            ("---\n- a list\n- not a map\n---\n", "front-matter-invalid", 2),
            ("---\njust a string\n---\n", "front-matter-invalid", 2),
            ("---\n[a, b]: value\n---\n", "front-matter-invalid", 2),
            ("---\ntitle: \"\u{0007}\u{0000}\"\n---\n", "front-matter-invalid", 2),
        ]
    )
    func rejects(text: String, code: String, line: Int) {
        #expect {
            _ = try FrontMatter(parsing: source(text))
        } throws: { error in
            let error = error as! SiteBuildError
            return error.code == code && error.line == line && error.file == "Site/page.md"
        }
    }

    @Test("front matter larger than 64 KiB is refused")
    func hugeFrontMatter() {
        let lines = (0..<5_000).map { "key\($0): \"\(String(repeating: "x", count: 20))\"" }
        let text = "---\n" + lines.joined(separator: "\n") + "\n---\nbody\n"
        #expect(throws: SiteBuildError(code: "front-matter-invalid", reason: "")) {
            _ = try FrontMatter(parsing: source(text))
        }
    }

    @Test("alias expansion (billion laughs) runs out of budget, not memory")
    func billionLaughs() {
        var lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1..<9 {
            let previous = String(UnicodeScalar(UInt8(ascii: "a") + UInt8(level - 1)))
            let name = String(UnicodeScalar(UInt8(ascii: "a") + UInt8(level)))
            lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]")
        }
        let text = "---\n" + lines.joined(separator: "\n") + "\n---\n"
        #expect(throws: SiteBuildError(code: "front-matter-invalid", reason: "")) {
            _ = try FrontMatter(parsing: source(text))
        }
    }

    @Test(
        "a page's front matter is validated",
        arguments: [
            ("---\ndescription: no title\n---\n", "front-matter-invalid", 1),
            ("---\ntitle: 5\n---\n", "front-matter-invalid", 2),
            ("---\ntitle: t\nscripts: signin.js\n---\n", "front-matter-invalid", 3),
            ("---\ntitle: t\nnav: [x]\n---\n", "front-matter-invalid", 3),
            ("---\ntitle: t\ndata: [x]\n---\n", "front-matter-invalid", 3),
            ("---\ntitle: t\nroute: /../../etc/\n---\n", "route-invalid", 3),
        ]
    )
    func pageFields(text: String, code: String, line: Int) {
        #expect {
            _ = try Page(source: source(text))
        } throws: { error in
            let error = error as! SiteBuildError
            return error.code == code && error.line == line
        }
    }

    @Test("a file that is not UTF-8 is refused with the line of the first bad byte")
    func binaryJunk() throws {
        let fixture = FixtureSite()
        var data = Data("---\ntitle: ok\n".utf8)
        data.append(contentsOf: [0xFF, 0xFE, 0x00, 0xC3, 0x28, 0x0A])
        data.append(Data("---\nbody\n".utf8))
        fixture.write("Site/junk.md", data: data)
        let error = try #require(fixture.buildError())
        #expect(error.code == "invalid-encoding")
        #expect(error.file == "Site/junk.md")
        #expect(error.line == 3)
    }
}
