import Foundation

/// The fingerprinted assets of one build: files to write and the names templates use for them.
struct AssetBundle {
    /// Output path (`assets/app.1a2b3c4d5e.css`) to bytes.
    private(set) var files: [String: Data] = [:]
    /// Source name (`app.css`, `copy.json`) to URL (`/assets/app.1a2b3c4d5e.css`).
    private(set) var urls: [String: String] = [:]
    /// Template key (`app_css`) to URL, for `{{assets.app_css}}`.
    private(set) var keys: [String: String] = [:]

    /// Adds an asset with its final bytes.
    mutating func add(_ path: String, data: Data) {
        let output = AssetPipeline.outputFolder + AssetPath.fingerprinted(path, hash: ContentHash.fingerprint(of: data))
        files[output] = data
        urls[path] = "/" + output
        keys[AssetPath.templateKey(path)] = "/" + output
    }

    /// The output path of an asset already added (its dependencies come first).
    func outputPath(of path: String) throws(SiteBuildError) -> String {
        guard let url = urls[path] else {
            throw SiteBuildError(.ioError, "the asset '\(path)' was referenced before it was built")
        }
        return String(url.dropFirst(1 + AssetPipeline.outputFolder.count))
    }

    /// `assets-manifest.json`: source name to URL, keys sorted.
    func manifest() -> Data {
        var data =
            (try? JSONSerialization.data(
                withJSONObject: urls,
                options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            )) ?? Data("{}".utf8)
        data.append(UInt8(ascii: "\n"))
        return data
    }
}
