/// The OpenID Provider metadata served at `/.well-known/openid-configuration` (OIDC Discovery §3,
/// RFC 8414 §2, RFC 9207 §3).
public struct DiscoveryDocument: Sendable, Hashable, Codable {
    public var issuer: String
    public var authorization_endpoint: String
    public var token_endpoint: String
    public var userinfo_endpoint: String
    public var jwks_uri: String
    public var revocation_endpoint: String
    public var end_session_endpoint: String
    public var response_types_supported: [String]
    public var response_modes_supported: [String]
    public var grant_types_supported: [String]
    public var subject_types_supported: [String]
    public var id_token_signing_alg_values_supported: [String]
    public var token_endpoint_auth_methods_supported: [String]
    public var revocation_endpoint_auth_methods_supported: [String]
    public var code_challenge_methods_supported: [String]
    public var acr_values_supported: [String]
    public var scopes_supported: [String]
    public var claims_supported: [String]
    public var claims_parameter_supported: Bool
    public var request_parameter_supported: Bool
    public var request_uri_parameter_supported: Bool
    public var authorization_response_iss_parameter_supported: Bool
    public var prompt_values_supported: [String]

    /// The document for `issuer` (an https URL without a trailing slash), with endpoints under it.
    public init(issuer: String) {
        self.issuer = issuer
        self.authorization_endpoint = issuer + "/oauth2/authorize"
        self.token_endpoint = issuer + "/oauth2/token"
        self.userinfo_endpoint = issuer + "/oauth2/userinfo"
        self.jwks_uri = issuer + "/oauth2/jwks"
        self.revocation_endpoint = issuer + "/oauth2/revoke"
        self.end_session_endpoint = issuer + "/oauth2/logout"
        self.response_types_supported = ["code"]
        self.response_modes_supported = ["query"]
        self.grant_types_supported = [GrantType.authorizationCode, GrantType.refreshToken]
        self.subject_types_supported = ["public"]
        self.id_token_signing_alg_values_supported = SigningKey.Algorithm.allCases.map(\.rawValue)
        self.token_endpoint_auth_methods_supported = ["none", "client_secret_basic"]
        self.revocation_endpoint_auth_methods_supported = ["none", "client_secret_basic"]
        self.code_challenge_methods_supported = [PKCE.method]
        self.acr_values_supported = AuthenticationContextClass.allCases.map(\.rawValue)
        self.scopes_supported = Scope.supported.sorted()
        self.claims_supported = [
            "sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "sid", "azp", "name", "preferred_username",
        ]
        self.claims_parameter_supported = true
        self.request_parameter_supported = false
        self.request_uri_parameter_supported = false
        self.authorization_response_iss_parameter_supported = true
        self.prompt_values_supported = ["none", "login", "consent"]
    }
}
