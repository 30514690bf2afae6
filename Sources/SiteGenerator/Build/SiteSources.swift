public import Foundation

/// The source files of a site: what the build reads and what the watcher and the server look at.
public enum SiteSources {
    /// The newest modification time of any file or folder under `site` and `templates`,
    /// or `nil` when neither folder holds anything.
    ///
    /// The server compares it with the output folder to tell whether `public/` is older than its sources.
    /// Folders count too, so deleting a file makes the sources newer.
    public static func newestModificationDate(site: URL, templates: URL) -> Date? {
        var newest: Date?
        for root in [site, templates] {
            for (_, stamp) in stamps(under: root, includingDirectories: true) {
                if newest.map({ stamp.modified > $0 }) ?? true { newest = stamp.modified }
            }
        }
        return newest
    }

    /// Relative paths (with `/`) of the regular files under `root`, sorted; hidden files, editor
    /// backups and anything deeper than ``maximumDepth`` are skipped.
    static func files(under root: URL) -> [String] {
        stamps(under: root, includingDirectories: false).map(\.path)
    }

    /// Relative paths and stamps of what lies under `root`, sorted by path.
    static func stamps(under root: URL, includingDirectories: Bool) -> [(path: String, stamp: SourceStamp)] {
        var result: [(path: String, stamp: SourceStamp)] = []
        walk(root.path, relative: "", depth: 0, includingDirectories: includingDirectories, into: &result)
        return result.sorted { $0.path < $1.path }
    }

    /// Folders nested deeper than this are ignored (it also stops symbolic-link loops).
    static let maximumDepth = 24

    private static func walk(
        _ path: String,
        relative: String,
        depth: Int,
        includingDirectories: Bool,
        into result: inout [(path: String, stamp: SourceStamp)]
    ) {
        guard depth <= maximumDepth,
            let names = try? FileManager.default.contentsOfDirectory(atPath: path)
        else { return }
        if includingDirectories, let stamp = SourceStamp(path: path) {
            result.append((relative.isEmpty ? "." : relative, stamp))
        }
        for name in names.sorted() where isSource(name) {
            let childPath = path + "/" + name
            let childRelative = relative.isEmpty ? name : relative + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: childPath, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                walk(
                    childPath,
                    relative: childRelative,
                    depth: depth + 1,
                    includingDirectories: includingDirectories,
                    into: &result
                )
            } else if let stamp = SourceStamp(path: childPath) {
                result.append((childRelative, stamp))
            }
        }
    }

    /// Hidden files (`.DS_Store`, `.gitkeep`, `.#lock`) and editor backups (`x~`, `x.swp`) are not sources.
    static func isSource(_ name: String) -> Bool {
        !name.hasPrefix(".") && !name.hasSuffix("~") && !name.hasSuffix(".swp") && !name.hasSuffix(".tmp")
    }
}

/// Modification time and size of one source file: what the watcher compares between polls.
public struct SourceStamp: Sendable, Hashable {
    /// Last modification time.
    public let modified: Date
    /// Size in bytes.
    public let size: Int

    init(modified: Date, size: Int) {
        self.modified = modified
        self.size = size
    }

    init?(path: String) {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let modified = attributes[.modificationDate] as? Date
        else { return nil }
        self.modified = modified
        self.size = (attributes[.size] as? NSNumber)?.intValue ?? 0
    }
}
