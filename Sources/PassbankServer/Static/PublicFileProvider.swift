public import Foundation
public import Hummingbird
public import Logging
import NIOPosix

/// Serves files from `public/` and nothing else.
///
/// On top of Hummingbird's `LocalFileSystem` it refuses, as "not found": NUL bytes and other control
/// characters, empty path segments (`//` would become a protocol-relative redirect), `.` and `..`
/// segments, hidden files, and any file whose real path (symlinks resolved) is outside the root.
public struct PublicFileProvider: FileProvider {
    public typealias FileAttributes = LocalFileSystem.FileAttributes
    public typealias FileIdentifier = String

    /// The root with symlinks resolved and a trailing slash.
    let realRoot: String
    let files: LocalFileSystem

    public init(root: URL, logger: Logger) {
        let resolved = root.standardizedFileURL.resolvingSymlinksInPath().path
        self.realRoot = resolved.hasSuffix("/") ? resolved : resolved + "/"
        self.files = LocalFileSystem(rootFolder: realRoot, threadPool: .singleton, logger: logger)
    }

    public func getFileIdentifier(_ path: String) -> String? {
        guard path.hasPrefix("/"), path.utf8.count <= 1024 else { return nil }
        let segments = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        for (index, segment) in segments.enumerated() {
            // A trailing slash leaves one empty last segment: that is a directory request.
            if segment.isEmpty, index == segments.count - 1 { continue }
            guard !segment.isEmpty, !segment.hasPrefix("."),
                !segment.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            else { return nil }
        }
        return realRoot + path.dropFirst()
    }

    public func getAttributes(id: String) async throws -> FileAttributes? {
        // Symlinks may point anywhere; what they resolve to must still be inside the root.
        let real = URL(fileURLWithPath: id).resolvingSymlinksInPath().path
        guard real + "/" == realRoot || real.hasPrefix(realRoot) else { return nil }
        return try await files.getAttributes(id: real)
    }

    public func loadFile(id: String, context: some RequestContext) async throws -> ResponseBody {
        try await files.loadFile(id: URL(fileURLWithPath: id).resolvingSymlinksInPath().path, context: context)
    }

    public func loadFile(id: String, range: ClosedRange<Int>, context: some RequestContext) async throws -> ResponseBody {
        try await files.loadFile(
            id: URL(fileURLWithPath: id).resolvingSymlinksInPath().path,
            range: range,
            context: context
        )
    }
}
