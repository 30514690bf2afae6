import Foundation

/// Replaces the output folder with a new build, all at once or not at all.
///
/// Files go into a temporary folder beside the output; only when every file is written is the old
/// folder moved aside and the new one renamed into place. A `.gitkeep` in the old folder is carried over.
struct OutputFolder {
    let url: URL

    /// Writes `files` (relative path to bytes) as the new content of the folder.
    /// - Throws: `io-error` or `output-invalid`; the previous folder is then untouched.
    func replace(with files: [String: Data]) throws(SiteBuildError) {
        let fileManager = FileManager.default
        let parent = url.deletingLastPathComponent()
        let name = url.lastPathComponent
        let token = UUID().uuidString.prefix(8)
        let staging = parent.appendingPathComponent(".\(name).building-\(token)")
        let retired = parent.appendingPathComponent(".\(name).previous-\(token)")
        do {
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw SiteBuildError(.ioError, "cannot create \(staging.path): \(error.localizedDescription)")
        }
        do {
            try write(files, into: staging)
            let gitkeep = url.appendingPathComponent(".gitkeep")
            if fileManager.fileExists(atPath: gitkeep.path) {
                try fileManager.copyItem(at: gitkeep, to: staging.appendingPathComponent(".gitkeep"))
            }
        } catch let error as SiteBuildError {
            try? fileManager.removeItem(at: staging)
            throw error
        } catch {
            try? fileManager.removeItem(at: staging)
            throw SiteBuildError(.ioError, "cannot write the new \(name)/: \(error.localizedDescription)")
        }
        try swap(staging, retired: retired)
    }

    private func write(_ files: [String: Data], into staging: URL) throws {
        let root = staging.standardizedFileURL.path
        var created: Set<String> = [root]
        for path in files.keys.sorted() {
            let components = path.split(separator: "/")
            // Routes and asset paths are validated already; this guards the guarantee itself.
            guard !path.hasPrefix("/"), !components.contains(where: { $0 == ".." || $0 == "." }) else {
                throw SiteBuildError(.outputInvalid, "'\(path)' would be written outside the output folder")
            }
            var folder = root
            for component in components.dropLast() {
                folder += "/" + component
                // Plain mkdir: FileManager's createDirectory costs several system calls per level.
                if created.insert(folder).inserted, mkdir(folder, 0o755) != 0, errno != EEXIST {
                    throw SiteBuildError(.ioError, "cannot create the folder \(folder)")
                }
            }
            try Self.writeFile(root + "/" + path, files[path]!)
        }
    }

    /// Writes without the fsync `Data.write(to:)` does per file: the staging folder is only swapped in
    /// after every file is written, and a crash leaves the previous output in place anyway.
    private static func writeFile(_ path: String, _ data: Data) throws(SiteBuildError) {
        guard let file = fopen(path, "wb") else {
            throw SiteBuildError(.ioError, "cannot create \(path)")
        }
        let written = data.withUnsafeBytes { buffer in
            buffer.isEmpty ? 0 : fwrite(buffer.baseAddress, 1, buffer.count, file)
        }
        let closed = fclose(file)
        guard written == data.count, closed == 0 else {
            throw SiteBuildError(.ioError, "cannot write \(path)")
        }
    }

    private func swap(_ staging: URL, retired: URL) throws(SiteBuildError) {
        let fileManager = FileManager.default
        let hadOutput = fileManager.fileExists(atPath: url.path)
        do {
            if hadOutput { try fileManager.moveItem(at: url, to: retired) }
            try fileManager.moveItem(at: staging, to: url)
        } catch {
            if hadOutput && !fileManager.fileExists(atPath: url.path) { try? fileManager.moveItem(at: retired, to: url) }
            try? fileManager.removeItem(at: staging)
            throw SiteBuildError(.ioError, "cannot move the new build into \(url.path): \(error.localizedDescription)")
        }
        if hadOutput { try? fileManager.removeItem(at: retired) }
    }
}
