import Foundation

extension ServerConfiguration {
    /// Checks the settings against each other before anything starts.
    /// - Throws: `ConfigurationError` naming the setting and how to fix it.
    public func validate() throws(ConfigurationError) {
        guard (0...65535).contains(port) else {
            throw ConfigurationError("--port must be between 0 and 65535, not \(port).")
        }
        guard (1024...(16 * 1024 * 1024)).contains(maxBodyBytes) else {
            throw ConfigurationError("--max-body-bytes must be between 1024 and 16777216, not \(maxBodyBytes).")
        }
        guard (Duration.seconds(30)...Duration.seconds(30 * 60)).contains(sessions.ceremonyLifetime) else {
            throw ConfigurationError("--ceremony-lifetime must be between 30s and 30m.")
        }
        guard (Duration.seconds(60)...Duration.seconds(24 * 3600)).contains(sessions.idleTimeout) else {
            throw ConfigurationError("--session-idle must be between 1m and 24h.")
        }
        guard (Duration.seconds(300)...Duration.seconds(30 * 86_400)).contains(sessions.absoluteLifetime),
            sessions.idleTimeout <= sessions.absoluteLifetime
        else {
            throw ConfigurationError("--session-lifetime must be between 5m and 30d, and not shorter than --session-idle.")
        }
        for (option, timeout) in [("--header-timeout", timeouts.header), ("--body-timeout", timeouts.body), ("--idle-timeout", timeouts.idle)]
        where !ConnectionTimeouts.allowed.contains(timeout) {
            throw ConfigurationError("\(option) must be between 1s and 10m, not \(timeout.components.seconds)s.")
        }
        guard let components = URLComponents(string: origin),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let originHost = components.host?.lowercased(), !originHost.isEmpty,
            components.path.isEmpty, components.query == nil, components.fragment == nil,
            components.user == nil, components.password == nil
        else {
            throw ConfigurationError(
                "--origin must be a bare origin such as https://bank.example or http://localhost:8080 (no path, query or trailing slash), not '\(origin)'."
            )
        }
        // WebAuthn L3 §5.1.3 / §5.1.4: the RP ID must equal the origin's effective domain or be a
        // registrable suffix of it.
        let rpID = relyingPartyID.lowercased()
        guard !rpID.isEmpty, originHost == rpID || originHost.hasSuffix("." + rpID) else {
            throw ConfigurationError(
                "--rp-id '\(relyingPartyID)' must be the origin's host '\(originHost)' or a parent domain of it; browsers refuse passkeys otherwise."
            )
        }
        // WebAuthn needs a secure context; browsers treat only localhost as secure over plain HTTP.
        if scheme == "http", !Self.isLoopbackName(originHost) {
            throw ConfigurationError(
                "--origin \(origin) is plain HTTP on a host other than localhost, where browsers refuse passkeys. Use an https:// origin and either serve TLS yourself (--tls-cert FILE --tls-key FILE) or run behind a reverse proxy that terminates TLS (--trusted-proxy ADDR)."
            )
        }
        if scheme == "https", tls == nil, trustedProxy == nil {
            throw ConfigurationError(
                "--origin \(origin) is HTTPS, but this server has no certificate and no trusted proxy. Add --tls-cert FILE --tls-key FILE, or --trusted-proxy ADDR for the reverse proxy that terminates TLS."
            )
        }
        if let tls {
            for file in [tls.certificateChain, tls.privateKey] where !FileManager.default.isReadableFile(atPath: file.path) {
                throw ConfigurationError("The TLS file \(file.path) does not exist or cannot be read.")
            }
        }
    }

    static func isLoopbackName(_ host: String) -> Bool {
        host == "localhost" || host.hasSuffix(".localhost") || host == "127.0.0.1" || host == "[::1]"
    }
}

/// A setting that cannot work, with what to do instead.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
