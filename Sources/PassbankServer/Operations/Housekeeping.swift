public import Foundation
public import Logging
public import ServiceLifecycle
public import Storage

/// Deletes what has expired: ceremonies, pending authorization requests, codes, sessions and
/// refresh tokens. Runs beside the server every `interval`; rows are kept for `grace` after they
/// expire, so a late replay of a code still finds it and revokes what it issued (RFC 6749 §4.1.2).
public struct Housekeeping: Service {
    static let interval: Duration = .seconds(600)
    static let grace: TimeInterval = 3600

    let database: AppDatabase
    let logger: Logger
    let now: @Sendable () -> Date

    public init(database: AppDatabase, logger: Logger, now: @escaping @Sendable () -> Date) {
        self.database = database
        self.logger = logger
        self.now = now
    }

    public func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            sweep()
            // The wait ends early on a graceful shutdown, so stopping the server never waits for it.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: Self.interval) }
        }
    }

    /// One pass; returns how many rows went.
    @discardableResult
    public func sweep() -> Int {
        let cutoff = now().addingTimeInterval(-Self.grace)
        do {
            let removed =
                try database.purgeCeremonies(expiredBefore: cutoff) + database.purgeOAuthRecords(expiredBefore: cutoff)
                + database.purgeSessionsAndRefreshTokens(expiredBefore: cutoff) + database.purgeIdempotencyKeys(expiredBefore: cutoff)
                + database.purgeGrants(expiredBefore: cutoff)
            if removed > 0 { logger.info("housekeeping removed expired rows", metadata: ["rows": .stringConvertible(removed)]) }
            return removed
        } catch {
            logger.warning("housekeeping failed; it tries again later", metadata: ["reason": .string(error.reason)])
            return 0
        }
    }
}
