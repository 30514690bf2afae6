import Foundation
import Logging
import PassbankServer
import Storage

/// A small `public/` folder with the shapes the generator writes, plus traps outside it: a secret
/// file beside the root, and symlinks that point at it.
struct TestSite {
    static let secret = "SECRET-OUTSIDE-PUBLIC-7f3a"
    let root: URL
    let publicDirectory: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("passbank-site-\(UUID().uuidString)")
        publicDirectory = root.appendingPathComponent("public")
        let files: [String: String] = [
            "index.html": "<!doctype html><title>Home</title>",
            "signin/index.html": "<!doctype html><title>Sign in</title>",
            "404.html": "<!doctype html><title>Not found</title><h1>We can't find that page</h1>",
            "assets/app.0123456789.css": "body{color:black}",
            "assets/app.0123456789.js": "export {}",
            "assets-manifest.json": "{}",
            ".hidden": Self.secret,
        ]
        for (path, content) in files {
            let url = publicDirectory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content.utf8).write(to: url)
        }
        let outside = root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data(Self.secret.utf8).write(to: outside.appendingPathComponent("secret.txt"))
        try Data(Self.secret.utf8).write(to: root.appendingPathComponent("secret.txt"))
        try FileManager.default.createSymbolicLink(
            at: publicDirectory.appendingPathComponent("leak.txt"),
            withDestinationURL: outside.appendingPathComponent("secret.txt")
        )
        try FileManager.default.createSymbolicLink(
            at: publicDirectory.appendingPathComponent("leakdir"),
            withDestinationURL: outside
        )
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }

    func configuration(
        origin: String = "http://localhost:8080",
        trustedProxy: String? = nil,
        maxBodyBytes: Int = 64 * 1024
    ) -> ServerConfiguration {
        ServerConfiguration(
            port: 0,
            publicDirectory: publicDirectory,
            databaseURL: root.appendingPathComponent("var/test.sqlite"),
            origin: origin,
            trustedProxy: trustedProxy,
            maxBodyBytes: maxBodyBytes
        )
    }
}

extension Logger {
    static let test: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }()
}
