/// A registered OAuth client, from configuration.
public struct OAuthClient: Sendable, Hashable {
    /// How the client authenticates at the token endpoint.
    public enum Authentication: Sendable, Hashable {
        /// A public client (`token_endpoint_auth_method: none`): PKCE S256 is required.
        case none
        /// A confidential client using `client_secret_basic` (RFC 6749 §2.3.1).
        case clientSecretBasic(ClientSecret)
    }

    /// OIDC Registration `application_type`: native clients get the RFC 8252 loopback port exception.
    public enum ApplicationType: String, Sendable, Hashable {
        case web
        case native
    }

    /// The `client_id`.
    public var id: String
    /// The name a person sees on the consent page (the `client_id` unless configured).
    public var name: String
    /// Whether the client is one of the bank's own apps, acting for the bank itself: it gets no
    /// consent page. Every other client is a third party, whose person is asked (OIDC Core §3.1.2.4).
    public var isFirstParty: Bool
    /// How the client authenticates at the token endpoint.
    public var authentication: Authentication
    /// Web or native.
    public var applicationType: ApplicationType
    /// Registered redirect URIs, compared exactly (RFC 9700 §2.1).
    public var redirectURIs: [String]
    /// Registered post-logout redirect URIs (RP-Initiated Logout 1.0 §3), compared exactly.
    public var postLogoutRedirectURIs: [String]
    /// Origins allowed to call the token, userinfo and revocation endpoints from a browser (CORS).
    public var webOrigins: [String]
    /// Grant types: `authorization_code`, `refresh_token`.
    public var grantTypes: Set<String>
    /// Scopes the client may request.
    public var scopes: Set<String>
    /// How its ID tokens are signed (OIDC Registration `id_token_signed_response_alg`): ES256 unless configured.
    public var idTokenSigningAlgorithm: SigningKey.Algorithm

    /// Creates a client: a third party (asked for consent) unless `isFirstParty`.
    public init(
        id: String,
        name: String? = nil,
        isFirstParty: Bool = false,
        authentication: Authentication,
        applicationType: ApplicationType = .web,
        redirectURIs: [String],
        postLogoutRedirectURIs: [String] = [],
        webOrigins: [String] = [],
        grantTypes: Set<String> = ["authorization_code", "refresh_token"],
        scopes: Set<String> = Scope.supported,
        idTokenSigningAlgorithm: SigningKey.Algorithm = .es256
    ) {
        self.id = id
        self.name = name ?? id
        self.isFirstParty = isFirstParty
        self.authentication = authentication
        self.applicationType = applicationType
        self.redirectURIs = redirectURIs
        self.postLogoutRedirectURIs = postLogoutRedirectURIs
        self.webOrigins = webOrigins
        self.grantTypes = grantTypes
        self.scopes = scopes
        self.idTokenSigningAlgorithm = idTokenSigningAlgorithm
    }

    /// Whether the client is public (no secret), which makes PKCE mandatory.
    public var isPublic: Bool { authentication == .none }

    /// Checks a requested `redirect_uri` against the registered ones.
    ///
    /// - Throws: `invalid_request`, not redirectable (RFC 6749 §4.1.2.1), when nothing matches.
    public func verifyRedirectURI(_ requested: String) throws(OAuthError) -> VerifiedRedirectURI {
        // RFC 8252 §7.3: only native clients get the loopback port exception
        let loopback = applicationType == .native
        guard redirectURIs.contains(where: { RedirectURI.matches(requested, registered: $0, allowingLoopbackPort: loopback) }) else {
            throw OAuthError.invalidRequest("The redirect_uri is not registered for this client.").notRedirectable
        }
        return VerifiedRedirectURI(requested)
    }

    /// Checks a `post_logout_redirect_uri` (exact match, RP-Initiated Logout 1.0 §3).
    ///
    /// - Throws: `invalid_request`, not redirectable, when it is not registered.
    public func verifyPostLogoutRedirectURI(_ requested: String) throws(OAuthError) -> VerifiedRedirectURI {
        guard postLogoutRedirectURIs.contains(requested) else {
            throw OAuthError.invalidRequest("The post_logout_redirect_uri is not registered for this client.").notRedirectable
        }
        return VerifiedRedirectURI(requested)
    }

    /// Whether `origin` (an exact `scheme://host[:port]`) may make CORS requests for this client.
    public func allowsWebOrigin(_ origin: String) -> Bool { webOrigins.contains(origin) }
}
