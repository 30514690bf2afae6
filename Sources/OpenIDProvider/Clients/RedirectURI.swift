import Foundation

/// Redirect URI comparison (RFC 9700 §2.1: exact string matching).
///
/// Private-use schemes (`com.example.app:/callback`, RFC 8252 §7.1) and claimed `https` URIs
/// (RFC 8252 §7.2) are matched exactly like any other URI. The only exception is the loopback
/// interface redirect of native clients (RFC 8252 §7.3), where the port may vary.
public enum RedirectURI {
    /// Whether `requested` matches `registered`.
    ///
    /// - Parameter allowingLoopbackPort: `true` for native clients: `http://127.0.0.1:{port}/path`
    ///   and `http://[::1]:{port}/path` then match the registered loopback URI with any port.
    public static func matches(_ requested: String, registered: String, allowingLoopbackPort: Bool) -> Bool {
        // RFC 6749 §3.1.2: the endpoint URI must not include a fragment
        guard !requested.contains("#") else { return false }
        // RFC 9700 §2.1: simple string comparison
        if requested == registered { return true }
        guard allowingLoopbackPort,
            let requestedLoopback = Loopback(requested),
            let registeredLoopback = Loopback(registered)
        else { return false }
        // RFC 8252 §7.3: any port, but the same IP literal, path and query
        return requestedLoopback.host == registeredLoopback.host && requestedLoopback.pathAndQuery == registeredLoopback.pathAndQuery
    }

    /// Why `uri` cannot be registered as a redirect URI, or `nil` when it can.
    ///
    /// - Parameter native: Native apps use the RFC 8252 forms: a private-use scheme with a dot
    ///   (§7.1), a claimed `https` URI (§7.2), or an `http` loopback IP literal (§7.3). Web clients
    ///   use `https` (plain `http` only on localhost, for development).
    public static func registrationProblem(_ uri: String, native: Bool) -> String? {
        // RFC 6749 §3.1.2: absolute, without a fragment
        guard let components = URLComponents(string: uri), let scheme = components.scheme?.lowercased(), components.fragment == nil,
            !uri.contains("#"), uri.utf8.count <= 512
        else { return "it must be an absolute URI without a fragment, at most 512 bytes." }
        let host = components.host?.lowercased() ?? ""
        switch scheme {
        case "https":
            return host.isEmpty ? "an https URI needs a host." : nil
        case "http":
            if native {
                // RFC 8252 §7.3, §8.3: loopback IP literals, never the name localhost
                return Loopback(uri) == nil ? "a native app's http redirect must be a loopback IP literal: http://127.0.0.1/… or http://[::1]/…" : nil
            }
            return ["localhost", "127.0.0.1", "::1"].contains(host) ? nil : "a web client's redirect must use https (http only on localhost)."
        default:
            // RFC 8252 §7.1: a private-use scheme is a reverse domain name the app controls
            guard native else { return "a web client's redirect must use https." }
            return scheme.contains(".") ? nil : "a private-use scheme must be a reverse domain name such as com.example.app (RFC 8252 §7.1)."
        }
    }

    /// An `http` loopback IP-literal URI split into host and the rest (RFC 8252 §7.3, §8.3).
    struct Loopback {
        let host: String
        let pathAndQuery: String

        init?(_ uri: String) {
            // RFC 8252 §7.3: the loopback redirect uses plain http
            let prefix = "http://"
            guard uri.hasPrefix(prefix) else { return nil }
            let rest = uri.dropFirst(prefix.count)
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            let hostPart: Substring
            let portPart: Substring?
            if authority.hasPrefix("[::1]") {
                hostPart = authority.prefix(5)
                let after = authority.dropFirst(5)
                portPart = after.isEmpty ? nil : (after.first == ":" ? after.dropFirst() : nil)
                if !after.isEmpty, portPart == nil { return nil }
            } else if let colon = authority.firstIndex(of: ":") {
                hostPart = authority[..<colon]
                portPart = authority[authority.index(after: colon)...]
            } else {
                hostPart = authority
                portPart = nil
            }
            // RFC 8252 §8.3: IP literals only; "localhost" does not get the exception
            guard hostPart == "127.0.0.1" || hostPart == "[::1]" else { return nil }
            if let portPart {
                guard !portPart.isEmpty, portPart.count <= 5, portPart.allSatisfy(\.isASCIIDigit),
                    let port = Int(portPart), (1...65535).contains(port)
                else { return nil }
            }
            self.host = String(hostPart)
            self.pathAndQuery = String(rest[authorityEnd...])
        }
    }
}

extension Character {
    /// Whether the character is one of `0`–`9`.
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
