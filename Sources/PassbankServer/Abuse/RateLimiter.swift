import Foundation
import HTTPTypes
import Synchronization

/// Token buckets by key (a client address, an account), in this process's memory.
///
/// A bucket holds up to `limit.count` tokens and regains them evenly over `limit.window`; each
/// event takes one. Only buckets that are not full are kept, so the memory used is bounded by the
/// keys seen within one window, and capped at `maxKeys` (full buckets go first, then the oldest).
final class RateLimiter: Sendable {
    /// One key's bucket.
    struct Bucket {
        var tokens: Double
        var updated: Date
    }

    let limit: RateLimit
    let maxKeys: Int
    private let buckets = Mutex<[String: Bucket]>([:])

    init(limit: RateLimit, maxKeys: Int = 100_000) {
        self.limit = limit
        self.maxKeys = maxKeys
    }

    /// Takes one token for `key` when there is one.
    ///
    /// - Returns: `nil` when allowed; otherwise the whole seconds until a token is back (for `Retry-After`).
    func take(_ key: String, now: Date) -> Int? {
        buckets.withLock { buckets in
            var bucket = refilled(buckets[key], now: now)
            guard bucket.tokens >= 1 else { return wait(for: bucket) }
            bucket.tokens -= 1
            buckets[key] = bucket
            if buckets.count > maxKeys { prune(&buckets, now: now) }
            return nil
        }
    }

    /// Whether `key` has a token left, without taking it.
    ///
    /// - Returns: `nil` when it has; otherwise the whole seconds until it will.
    func check(_ key: String, now: Date) -> Int? {
        buckets.withLock { buckets in
            let bucket = refilled(buckets[key], now: now)
            return bucket.tokens >= 1 ? nil : wait(for: bucket)
        }
    }

    /// Forgets `key` (its bucket is full again), e.g. after a successful sign-in.
    func reset(_ key: String) {
        _ = buckets.withLock { $0.removeValue(forKey: key) }
    }

    /// How many keys hold a bucket that is not full.
    var trackedKeys: Int { buckets.withLock { $0.count } }

    private func refilled(_ bucket: Bucket?, now: Date) -> Bucket {
        guard let bucket else { return Bucket(tokens: Double(limit.count), updated: now) }
        let elapsed = max(0, now.timeIntervalSince(bucket.updated))
        // Multiply before dividing, so whole windows refill exact whole tokens.
        return Bucket(tokens: min(Double(limit.count), bucket.tokens + elapsed * Double(limit.count) / limit.window.timeInterval), updated: now)
    }

    private func wait(for bucket: Bucket) -> Int {
        max(1, Int(((1 - bucket.tokens) * limit.window.timeInterval / Double(limit.count)).rounded(.up)))
    }

    private func prune(_ buckets: inout [String: Bucket], now: Date) {
        buckets = buckets.filter { refilled($0.value, now: now).tokens < Double(limit.count) }
        guard buckets.count > maxKeys else { return }
        // Still too many: under a flood from many addresses, forget the least recent half.
        let keep = buckets.sorted { $0.value.updated > $1.value.updated }.prefix(maxKeys / 2)
        buckets = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
    }
}

extension Problem {
    /// `429 rate-limited` with `Retry-After` (RFC 9110 §10.2.3), saying when to try again.
    static func rateLimited(retryAfter seconds: Int) -> Problem {
        let minutes = (seconds + 59) / 60
        let when = seconds < 60 ? "in \(seconds) seconds" : (minutes == 1 ? "in a minute" : "in \(minutes) minutes")
        return Problem(
            code: "rate-limited",
            detail: "Too many attempts. Wait a little and try again \(when).",
            headers: [.retryAfter: String(seconds)]
        )
    }
}
