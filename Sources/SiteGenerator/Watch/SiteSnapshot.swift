import Foundation

/// The modification stamps of every source file at one moment: what ``SiteWatcher`` compares.
public struct SiteSnapshot: Sendable, Hashable {
    /// Display path (`Site/signin.md`) to stamp.
    public let stamps: [String: SourceStamp]

    /// Takes a snapshot of both folders of `configuration`.
    public init(configuration: SiteBuildConfiguration) {
        var stamps: [String: SourceStamp] = [:]
        for root in [configuration.siteDirectory, configuration.templatesDirectory] {
            for (path, stamp) in SiteSources.stamps(under: root, includingDirectories: false) {
                stamps[root.lastPathComponent + "/" + path] = stamp
            }
        }
        self.stamps = stamps
    }

    init(stamps: [String: SourceStamp]) {
        self.stamps = stamps
    }

    /// What changed from `previous` to this snapshot, sorted by path; empty when nothing did.
    public func changes(since previous: SiteSnapshot) -> [SiteWatchEvent.Change] {
        var changes: [SiteWatchEvent.Change] = []
        for (path, stamp) in stamps {
            switch previous.stamps[path] {
            case nil: changes.append(.init(path: path, kind: .added))
            case let old? where old != stamp: changes.append(.init(path: path, kind: .modified))
            default: break
            }
        }
        for path in previous.stamps.keys where stamps[path] == nil {
            changes.append(.init(path: path, kind: .removed))
        }
        return changes.sorted { $0.path < $1.path }
    }
}
