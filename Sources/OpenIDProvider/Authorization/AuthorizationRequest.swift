/// A validated `/oauth2/authorize` request (RFC 6749 §4.1.1, OIDC Core §3.1.2.1).
///
/// It is `Codable` so the server can keep it in the database while the person signs in; the
/// sign-in page only ever receives the stored request's id.
public struct AuthorizationRequest: Sendable, Hashable, Codable {
    /// `prompt` values this provider honours (OIDC Core §3.1.2.1).
    public enum Prompt: String, Sendable, Hashable, Codable {
        /// Never show a page; fail with `login_required` / `interaction_required` instead.
        case none
        /// Always authenticate again, even with a valid session.
        case login
        /// Ask a third-party client's person for consent even when one is stored.
        case consent
    }

    /// The `client_id`.
    public var clientID: String
    /// The verified `redirect_uri`, as sent (the token request must repeat it exactly).
    public var redirectURI: VerifiedRedirectURI
    /// Requested scopes, deduplicated, in request order; always contains `openid`.
    public var scopes: [String]
    /// The client's `state`, echoed in the response.
    public var state: String?
    /// The `nonce`, copied into the ID token.
    public var nonce: String?
    /// The PKCE `code_challenge` (method S256), when sent.
    public var codeChallenge: String?
    /// The requested `acr` and `max_age`.
    public var acrRequirement: ACRRequirement
    /// The `prompt` values.
    public var prompt: Set<Prompt>
    /// The `login_hint` (a username the page may prefill).
    public var loginHint: String?

    /// Creates a request (validation happens in ``validate(_:clients:)``).
    public init(
        clientID: String,
        redirectURI: VerifiedRedirectURI,
        scopes: [String],
        state: String? = nil,
        nonce: String? = nil,
        codeChallenge: String? = nil,
        acrRequirement: ACRRequirement = ACRRequirement(),
        prompt: Set<Prompt> = [],
        loginHint: String? = nil
    ) {
        self.clientID = clientID
        self.redirectURI = redirectURI
        self.scopes = scopes
        self.state = state
        self.nonce = nonce
        self.codeChallenge = codeChallenge
        self.acrRequirement = acrRequirement
        self.prompt = prompt
        self.loginHint = loginHint
    }

    /// The space-separated `scope` string for tokens.
    public var scope: String { scopes.joined(separator: " ") }

    /// Whether the code exchange should also issue a refresh token: the client may use the
    /// `refresh_token` grant and asked for `offline_access` (OIDC Core §11).
    public func grantsRefreshToken(to client: OAuthClient) -> Bool {
        client.grantTypes.contains(GrantType.refreshToken) && scopes.contains(Scope.offlineAccess)
    }
}

/// The outcome of validating an authorization request.
public enum AuthorizationRequestValidation: Sendable {
    /// The client or redirect URI cannot be trusted: show the error on a page, never redirect
    /// (RFC 6749 §4.1.2.1).
    case showError(OAuthError)
    /// Redirect the error to the verified URI with `state` (if it was usable) and `iss`
    /// (RFC 6749 §4.1.2.1, RFC 9207 §2); see ``AuthorizationResponse/errorRedirect(_:to:state:)``.
    case redirectError(OAuthError, redirectURI: VerifiedRedirectURI, state: String?)
    /// The request is valid.
    case valid(AuthorizationRequest)
}
