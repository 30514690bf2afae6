public import Foundation
public import GRDB

/// The Passbank database: one SQLite file in WAL mode, with foreign keys on and versioned migrations.
///
/// Every read and write of the application goes through this type; only `Storage` knows SQL.
public struct AppDatabase: Sendable {
    /// The connection pool (or queue, for in-memory databases in tests).
    package let writer: any DatabaseWriter

    /// Opens the database, running every migration that has not run yet.
    /// - Throws: `StorageError` with code `migration-failed` when a migration fails.
    public init(_ writer: any DatabaseWriter) throws(StorageError) {
        self.writer = writer
        do {
            try Self.migrator.migrate(writer)
        } catch {
            throw StorageError(code: "migration-failed", reason: "The database schema could not be brought up to date: \(error)")
        }
    }

    /// Opens (and creates when missing) the database file at `url`, creating its folder too.
    /// - Throws: `StorageError` with code `database-unavailable` when the file cannot be opened or
    ///   is not a SQLite database, or `migration-failed`.
    public static func open(at url: URL, busyTimeout: Duration = .seconds(5)) throws(StorageError) -> AppDatabase {
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            let pool = try DatabasePool(path: url.path, configuration: makeConfiguration(busyTimeout: busyTimeout))
            return try AppDatabase(pool)
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError(
                code: "database-unavailable",
                reason: "The database at \(url.path) could not be opened: \(error)"
            )
        }
    }

    /// An empty in-memory database with the full schema, for tests.
    public static func inMemory() throws(StorageError) -> AppDatabase {
        do {
            return try AppDatabase(DatabaseQueue(configuration: makeConfiguration(busyTimeout: .seconds(1))))
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError(code: "database-unavailable", reason: "An in-memory database could not be created: \(error)")
        }
    }

    static func makeConfiguration(busyTimeout: Duration) -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // An acknowledged transfer must survive a power cut, not only a killed process: in WAL mode
        // FULL syncs the log at every commit (NORMAL could lose the last commits on power loss).
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        configuration.busyMode = .timeout(TimeInterval(busyTimeout.components.seconds))
        configuration.label = "passbank"
        return configuration
    }
}
