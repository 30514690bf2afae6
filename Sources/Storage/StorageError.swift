/// A failure of the database layer, with a stable `code` and a one-sentence `reason`.
public struct StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable, kebab-case identifier (`database-unavailable`, `migration-failed`).
    public let code: String
    /// What went wrong, for operators; never contains secrets.
    public let reason: String

    public init(code: String, reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(reason) (\(code))" }

    public static func == (lhs: StorageError, rhs: StorageError) -> Bool { lhs.code == rhs.code }
}
