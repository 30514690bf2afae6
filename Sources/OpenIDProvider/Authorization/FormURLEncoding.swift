import Foundation

/// `application/x-www-form-urlencoded` encoding and decoding (WHATWG URL §5, RFC 6749 Appendix B).
enum FormURLEncoding {
    /// Characters left as they are: the RFC 3986 unreserved set.
    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// Percent-encodes a value for a query string (space as `%20`).
    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    /// Decodes one name or value (`+` is a space); `nil` for invalid percent-encoding or UTF-8.
    static func decode(_ value: Substring) -> String? {
        String(value).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// Builds `name=value&...` from pairs in order.
    static func serialize(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }
}
