/// One rebuild by ``SiteWatcher``: which source files changed, what the build did, and how long it took.
public struct SiteWatchEvent: Sendable, CustomStringConvertible {
    /// How a source file changed between two polls.
    public enum ChangeKind: String, Sendable, Hashable {
        case added, modified, removed
    }

    /// One changed file, shown as `Site/signin.md` or `Templates/assets/app.css`.
    public struct Change: Sendable, Hashable {
        public let path: String
        public let kind: ChangeKind
    }

    /// The changed files, sorted by path.
    public let changes: [Change]
    /// The build's report, or the error that stopped it (the previous output is then untouched).
    public let result: Result<SiteBuildReport, SiteBuildError>
    /// How long the rebuild took.
    public let duration: Duration

    /// One line for a terminal:
    /// `Site/signin.md modified: rebuilt 14 pages, 9 assets in 83 ms` or
    /// `Site/signin.md modified: build failed in 12 ms: Site/signin.md:3: unknown layout 'x' (unknown-layout)`.
    public var description: String {
        let shown = changes.prefix(3).map { "\($0.path) \($0.kind.rawValue)" }.joined(separator: ", ")
        let more = changes.count > 3 ? " and \(changes.count - 3) more" : ""
        let milliseconds = Int((duration / .milliseconds(1)).rounded())
        switch result {
        case .success(let report):
            return "\(shown)\(more): rebuilt \(report.pageCount) pages, \(report.assetCount) assets in \(milliseconds) ms"
        case .failure(let error):
            return "\(shown)\(more): build failed in \(milliseconds) ms: \(error)"
        }
    }
}
