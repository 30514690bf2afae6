/// A redirect URI that matched one the client registered. Only such a URI ever receives
/// response parameters (RFC 6749 §4.1.2.1: never redirect to an unverified URI).
public struct VerifiedRedirectURI: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The URI exactly as the client sent it (and as the token request must repeat it).
    public let value: String

    init(_ value: String) {
        self.value = value
    }

    public var description: String { value }
}
