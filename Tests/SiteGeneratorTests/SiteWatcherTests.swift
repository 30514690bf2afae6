import Foundation
import Testing

@testable import SiteGenerator

@Suite("Watcher")
struct SiteWatcherTests {
    @Test("a poll with no change does nothing; a change rebuilds and says what changed")
    func pollStep() throws {
        let fixture = FixtureSite()
        let watcher = SiteWatcher(configuration: fixture.configuration)
        let start = watcher.snapshot()
        let quiet = watcher.poll(after: start)
        #expect(quiet.event == nil)
        #expect(quiet.snapshot == start)

        fixture.write("Site/new.md", "---\ntitle: New\n---\nHello\n")
        fixture.remove("Site/help/passkeys.md")
        fixture.write("Site/index.md", "---\ntitle: Home\n---\nNo more links.\n")
        try touch(fixture, "Site/index.md")
        let (next, event) = watcher.poll(after: start)
        let rebuilt = try #require(event)
        #expect(
            rebuilt.changes == [
                .init(path: "Site/help/passkeys.md", kind: .removed),
                .init(path: "Site/index.md", kind: .modified),
                .init(path: "Site/new.md", kind: .added),
            ]
        )
        let report = try rebuilt.result.get()
        #expect(report.routes.contains("/new/"))
        #expect(
            rebuilt.description.hasPrefix("Site/help/passkeys.md removed, Site/index.md modified, Site/new.md added: rebuilt 4 pages, 5 assets in ")
        )
        #expect(watcher.poll(after: next).event == nil)

        fixture.write("Site/new.md", "---\ntitle: New\nlayout: nope\n---\n")
        try touch(fixture, "Site/new.md")
        let failed = try #require(watcher.poll(after: next).event)
        #expect(throws: SiteBuildError(code: "unknown-layout", reason: "")) { try failed.result.get() }
        #expect(failed.description.contains("build failed in"))
        #expect(failed.description.hasSuffix("Site/new.md:3: unknown layout 'nope' (unknown-layout)"))
    }

    @Test("the stream yields an event after a change", .timeLimit(.minutes(1)))
    func stream() async throws {
        let fixture = FixtureSite()
        let watcher = SiteWatcher(configuration: fixture.configuration, interval: .milliseconds(20))
        let stream = watcher.changes()
        let consumer = Task { () -> SiteWatchEvent? in
            for await event in stream { return event }
            return nil
        }
        // The stream takes its first snapshot when created; a change after that is seen by the next poll.
        fixture.write("Templates/assets/extra.css", "p {}\n")
        let event = try #require(await consumer.value)
        #expect(event.changes.contains(.init(path: "Templates/assets/extra.css", kind: .added)))
        #expect(try event.result.get().assets["extra.css"] != nil)
    }

    /// Moves a file's modification time forward so the change is seen even on coarse-grained clocks.
    private func touch(_ fixture: FixtureSite, _ path: String) throws {
        let url = fixture.root.appendingPathComponent(path)
        let now = Date().addingTimeInterval(5)
        try FileManager.default.setAttributes([.modificationDate: now], ofItemAtPath: url.path)
    }
}
