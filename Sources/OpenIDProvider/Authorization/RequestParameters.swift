/// The parameters of an authorization, token, revocation or logout request, in arrival order.
///
/// Keeps repeated names so that duplicates can be refused (RFC 6749 §3.1, §3.2) and limits sizes.
public struct RequestParameters: Sendable {
    /// The most parameters one request may carry.
    public static let maximumCount = 64
    /// The longest raw query or form body accepted.
    public static let maximumEncodedLength = 16_384

    /// The decoded name/value pairs.
    public let pairs: [(name: String, value: String)]

    /// Wraps already-decoded pairs (for example a router's query items).
    ///
    /// - Throws: `invalid_request` when there are too many.
    public init(pairs: [(name: String, value: String)]) throws(OAuthError) {
        guard pairs.count <= Self.maximumCount else { throw OAuthError.invalidRequest("The request has too many parameters.") }
        self.pairs = pairs
    }

    /// Parses a raw query string or `application/x-www-form-urlencoded` body.
    ///
    /// - Throws: `invalid_request` for an oversized input, too many parameters or bad percent-encoding.
    public init(urlEncoded: String) throws(OAuthError) {
        guard urlEncoded.utf8.count <= Self.maximumEncodedLength else { throw OAuthError.invalidRequest("The request is too large.") }
        var pairs: [(name: String, value: String)] = []
        for field in urlEncoded.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = FormURLEncoding.decode(parts[0]), let value = FormURLEncoding.decode(parts.count == 2 ? parts[1] : "") else {
                throw OAuthError.invalidRequest("The request is not correctly URL-encoded.")
            }
            pairs.append((name, value))
        }
        try self.init(pairs: pairs)
    }

    /// The single value of `name`, or `nil` when absent. An empty value counts as absent (RFC 6749 §3.1).
    ///
    /// - Throws: `invalid_request` when the name repeats (RFC 6749 §3.1) or the value exceeds `maxLength`.
    public func single(_ name: String, maxLength: Int = 2048) throws(OAuthError) -> String? {
        let values = pairs.filter { $0.name == name }.map(\.value)
        // RFC 6749 §3.1: request and response parameters MUST NOT be included more than once
        guard values.count <= 1 else { throw OAuthError.invalidRequest("The \(name) parameter is repeated.") }
        guard let value = values.first, !value.isEmpty else { return nil }
        guard value.utf8.count <= maxLength else { throw OAuthError.invalidRequest("The \(name) parameter is too long.") }
        return value
    }

    /// Whether `name` is present at all (even empty or repeated).
    public func contains(_ name: String) -> Bool { pairs.contains { $0.name == name } }
}
