import GRDB

extension AppDatabase {
    /// What `/healthz` reports about the database.
    public struct Health: Sendable, Equatable {
        /// `true` when a read round-trip succeeded.
        public var isReachable: Bool
        /// The names of the migrations applied, in order.
        public var appliedMigrations: [String]
        /// `true` when every migration this build knows is applied.
        public var isCurrent: Bool
        /// Journal mode reported by SQLite (`wal` for file databases).
        public var journalMode: String
    }

    /// Reads the database state without changing anything.
    public func health() -> Health {
        do {
            return try writer.read { db in
                let applied = try Self.migrator.appliedMigrations(db)
                let journalMode = try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "unknown"
                return Health(
                    isReachable: true,
                    appliedMigrations: applied,
                    isCurrent: try Self.migrator.hasCompletedMigrations(db),
                    journalMode: journalMode
                )
            }
        } catch {
            return Health(isReachable: false, appliedMigrations: [], isCurrent: false, journalMode: "unknown")
        }
    }
}
