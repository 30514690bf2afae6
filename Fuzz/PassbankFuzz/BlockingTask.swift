import Foundation

/// Runs an `async` verifier to completion from libFuzzer's synchronous callback.
enum BlockingTask {
    /// Starts `body` in a task and blocks the calling thread until it returns. The task runs on the
    /// global executor's threads, never on the blocked one, so it cannot deadlock.
    static func run<Result: Sendable>(_ body: @escaping @Sendable () async -> Result) -> Result {
        let box = ResultBox<Result>()
        Task.detached { box.fulfil(await body()) }
        return box.wait()
    }
}

/// One result handed from a task to a waiting thread.
/// `@unchecked Sendable`: `value` is only read or written while `condition` is locked.
private final class ResultBox<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Value?

    func fulfil(_ result: Value) {
        condition.lock()
        value = result
        condition.signal()
        condition.unlock()
    }

    func wait() -> Value {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let value { return value }
            condition.wait()
        }
    }
}
