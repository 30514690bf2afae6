/// Builds the redirects that end an authorization request (RFC 6749 §4.1.2, RFC 9207 §2).
///
/// Only a ``VerifiedRedirectURI`` can receive parameters; every response carries `iss`.
public struct AuthorizationResponse: Sendable {
    /// The provider's issuer identifier, sent as `iss` (RFC 9207 §2).
    public let issuer: String

    /// Creates a response builder for `issuer`.
    public init(issuer: String) {
        self.issuer = issuer
    }

    /// The success redirect: `code`, `state` (when the request had one) and `iss` (RFC 6749 §4.1.2).
    public func successRedirect(code: String, to redirectURI: VerifiedRedirectURI, state: String?) -> String {
        var pairs = [("code", code)]
        if let state { pairs.append(("state", state)) }
        // RFC 9207 §2: iss in every authorization response
        pairs.append(("iss", issuer))
        return Self.append(pairs, to: redirectURI)
    }

    /// The error redirect: `error`, `error_description`, `state` and `iss` (RFC 6749 §4.1.2.1).
    ///
    /// - Returns: `nil` when `error` is not redirectable; show it on a page instead.
    public func errorRedirect(_ error: OAuthError, to redirectURI: VerifiedRedirectURI, state: String?) -> String? {
        guard error.isRedirectable else { return nil }
        var pairs = [("error", error.code), ("error_description", error.description)]
        if let state { pairs.append(("state", state)) }
        // RFC 9207 §2: error responses carry iss too
        pairs.append(("iss", issuer))
        return Self.append(pairs, to: redirectURI)
    }

    /// Adds query parameters, keeping the registered URI's own query (RFC 6749 §3.1.2).
    static func append(_ pairs: [(String, String)], to redirectURI: VerifiedRedirectURI) -> String {
        let uri = redirectURI.value
        guard !pairs.isEmpty else { return uri }
        let separator = uri.contains("?") ? (uri.hasSuffix("?") || uri.hasSuffix("&") ? "" : "&") : "?"
        return uri + separator + FormURLEncoding.serialize(pairs)
    }
}
