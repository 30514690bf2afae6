import Foundation
import GRDB
import Storage
import Testing

@Suite("AppDatabase")
struct AppDatabaseTests {
    @Test("a new file database is created with its folder, in WAL mode, fully migrated")
    func createsFileDatabase() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("passbank-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("var/passbank.sqlite")
        let database = try AppDatabase.open(at: url)
        let health = database.health()
        #expect(health.isReachable)
        #expect(health.isCurrent)
        #expect(health.journalMode == "wal")
        #expect(health.appliedMigrations.first == "v1-foundation")
        #expect(health.appliedMigrations.contains("v3-accounts"))
        #expect(FileManager.default.fileExists(atPath: url.path))
    }

    @Test("opening the same file twice runs each migration once and keeps the data")
    func reopensWithoutLoss() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("passbank-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("passbank.sqlite")
        do {
            let database = try AppDatabase.open(at: url)
            try database.writer.write { db in
                try db.execute(sql: "INSERT INTO installation (key, value) VALUES ('id', 'abc')")
            }
        }
        let reopened = try AppDatabase.open(at: url)
        let value = try reopened.writer.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM installation WHERE key = 'id'")
        }
        #expect(value == "abc")
        #expect(reopened.health().isCurrent)
    }

    @Test("foreign keys are enforced")
    func foreignKeysOn() throws {
        let database = try AppDatabase.inMemory()
        let enabled = try database.writer.read { db in try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") }
        #expect(enabled == true)
    }

    @Test("a file that is not a SQLite database is refused with database-unavailable and left as it was")
    func refusesGarbageFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("passbank-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("passbank.sqlite")
        let garbage = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try garbage.write(to: url)
        #expect(throws: StorageError(code: "database-unavailable", reason: "")) {
            _ = try AppDatabase.open(at: url)
        }
        #expect(try Data(contentsOf: url) == garbage)
    }
}
