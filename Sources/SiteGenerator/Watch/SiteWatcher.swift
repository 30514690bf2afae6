/// Rebuilds the site whenever a file under the site or templates folder changes.
///
/// The watcher polls modification times (no file system events, no Dispatch), so it works the same on
/// every platform and inside containers. Use it in one of two ways:
///
/// - ``changes()``: an `AsyncStream` that yields one ``SiteWatchEvent`` per rebuild, for as long as the
///   consuming task runs. It does not build at start (build once yourself first); it takes a snapshot,
///   then every `interval` compares a new snapshot and, when anything changed, rebuilds and yields.
///   Cancelling the consuming task, or dropping the stream, stops the polling.
///   ```swift
///   for await event in SiteWatcher(configuration: configuration).changes() {
///       print(event)  // "Site/signin.md modified: rebuilt 14 pages, 9 assets in 83 ms"
///   }
///   ```
/// - ``poll(after:)``: one poll step, synchronous, for callers (and tests) that drive time themselves.
public struct SiteWatcher: Sendable {
    /// The folders watched and built.
    public let configuration: SiteBuildConfiguration
    /// Time between polls.
    public let interval: Duration

    /// Creates a watcher; nothing happens until ``changes()`` or ``poll(after:)`` is called.
    public init(configuration: SiteBuildConfiguration, interval: Duration = .milliseconds(300)) {
        self.configuration = configuration
        self.interval = interval
    }

    /// The current state of the sources, to pass to the first ``poll(after:)``.
    public func snapshot() -> SiteSnapshot {
        SiteSnapshot(configuration: configuration)
    }

    /// Compares the sources with `previous` and rebuilds when anything changed.
    /// - Returns: the snapshot to pass next time, and the rebuild's event, or `nil` when nothing changed.
    public func poll(after previous: SiteSnapshot) -> (snapshot: SiteSnapshot, event: SiteWatchEvent?) {
        let current = snapshot()
        let changes = current.changes(since: previous)
        guard !changes.isEmpty else { return (current, nil) }
        let builder = SiteBuilder(configuration: configuration)
        let clock = ContinuousClock()
        let start = clock.now
        let result: Result<SiteBuildReport, SiteBuildError>
        do {
            result = .success(try builder.build())
        } catch {
            result = .failure(error)
        }
        return (current, SiteWatchEvent(changes: changes, result: result, duration: clock.now - start))
    }

    /// Polls every `interval` and yields one event per rebuild, until the consumer stops listening.
    public func changes() -> AsyncStream<SiteWatchEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: SiteWatchEvent.self, bufferingPolicy: .bufferingNewest(16))
        let watcher = self
        // Taken before returning, so a change made right after this call is seen by the first poll.
        let initial = snapshot()
        let task = Task {
            var snapshot = initial
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: watcher.interval)
                } catch {
                    break
                }
                let (next, event) = watcher.poll(after: snapshot)
                snapshot = next
                if let event { continuation.yield(event) }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}
