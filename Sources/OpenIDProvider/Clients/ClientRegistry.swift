import Foundation

/// The configured clients, by `client_id`.
public struct ClientRegistry: Sendable {
    /// The `client_id` of the bank's own web client.
    public static let webClientID = "passbank-web"

    private let clients: [String: OAuthClient]

    /// Creates a registry; a later client with the same id replaces an earlier one.
    public init(clients: [OAuthClient]) {
        self.clients = Dictionary(clients.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The default registry for a deployment at `origin` (e.g. `https://bank.example`): the public,
    /// first-party PKCE client `passbank-web` with redirect `<origin>/app/callback/`, every scope, plus
    /// `extraClients`.
    public static func standard(origin: String, extraClients: [OAuthClient] = []) -> ClientRegistry {
        let web = OAuthClient(
            id: webClientID,
            name: "Passbank",
            isFirstParty: true,
            authentication: .none,
            redirectURIs: ["\(origin)/app/callback/"],
            postLogoutRedirectURIs: ["\(origin)/", "\(origin)/welcome-back/"],
            webOrigins: [origin]
        )
        return ClientRegistry(clients: [web] + extraClients)
    }

    /// The client with this id, if configured.
    public func client(id: String) -> OAuthClient? { clients[id] }

    /// Every configured client.
    public var all: [OAuthClient] { clients.values.sorted { $0.id < $1.id } }

    /// Authenticates the client of a token, revocation or introspection request (RFC 6749 §2.3).
    ///
    /// - Parameters:
    ///   - authorizationHeader: The `Authorization` header value, if any (`Basic base64(id:secret)`).
    ///   - clientIDParameter: The `client_id` form parameter, if any (public clients).
    /// - Throws: `invalid_client` when the client is unknown, a confidential client's secret is
    ///   missing or wrong, or the two ids disagree; `invalid_request` for a malformed header.
    public func authenticate(authorizationHeader: String?, clientIDParameter: String?) throws(OAuthError) -> OAuthClient {
        if let authorizationHeader {
            let (id, secret) = try Self.basicCredentials(authorizationHeader)
            // RFC 6749 §2.3.1: a client_id in the body must agree with the authenticated one
            guard clientIDParameter == nil || clientIDParameter == id,
                let client = clients[id], case .clientSecretBasic(let expected) = client.authentication, expected.verify(secret)
            else { throw OAuthError.invalidClient("Client authentication failed.") }
            return client
        }
        guard let clientIDParameter, let client = clients[clientIDParameter] else {
            throw OAuthError.invalidClient("Client authentication failed.")
        }
        // RFC 6749 §3.2.1: a confidential client must authenticate
        guard client.isPublic else { throw OAuthError.invalidClient("Client authentication failed.") }
        return client
    }

    /// Splits `Basic base64(urlencode(id) ":" urlencode(secret))` (RFC 6749 §2.3.1, RFC 7617).
    static func basicCredentials(_ header: String) throws(OAuthError) -> (id: String, secret: String) {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic", parts[1].utf8.count <= 1024,
            let decoded = Data(base64Encoded: String(parts[1])),
            let text = String(data: decoded, encoding: .utf8),
            let colon = text.firstIndex(of: ":"),
            let id = FormURLEncoding.decode(text[..<colon]),
            let secret = FormURLEncoding.decode(text[text.index(after: colon)...])
        else { throw OAuthError.invalidRequest("The Authorization header is malformed.").notRedirectable }
        return (id, secret)
    }
}
