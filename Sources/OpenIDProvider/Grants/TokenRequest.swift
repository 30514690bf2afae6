/// A parsed `/oauth2/token` request body (RFC 6749 §4.1.3, §6).
public enum TokenRequest: Sendable, Hashable {
    /// `grant_type=authorization_code`.
    case authorizationCode(code: String, redirectURI: String?, codeVerifier: String?)
    /// `grant_type=refresh_token`.
    case refreshToken(token: String, scope: String?)

    /// Parses the form parameters for an authenticated client.
    ///
    /// - Throws: `invalid_request` (missing or repeated parameters, RFC 6749 §3.2),
    ///   `unsupported_grant_type`, or `unauthorized_client` when the client may not use the grant.
    public init(_ parameters: RequestParameters, client: OAuthClient) throws(OAuthError) {
        // RFC 6749 §4.1.3: grant_type is required
        guard let grantType = try parameters.single("grant_type", maxLength: 64) else {
            throw OAuthError.invalidRequest("The grant_type parameter is missing.").notRedirectable
        }
        guard grantType == GrantType.authorizationCode || grantType == GrantType.refreshToken else {
            throw OAuthError.unsupportedGrantType("Only authorization_code and refresh_token are supported.")
        }
        // RFC 6749 §5.2: unauthorized_client when the client may not use this grant type
        guard client.grantTypes.contains(grantType) else {
            throw OAuthError.unauthorizedClient("The client may not use this grant type.").notRedirectable
        }
        if grantType == GrantType.authorizationCode {
            guard let code = try parameters.single("code", maxLength: 128) else {
                throw OAuthError.invalidRequest("The code parameter is missing.").notRedirectable
            }
            self = .authorizationCode(
                code: code,
                redirectURI: try parameters.single("redirect_uri", maxLength: AuthorizationRequest.Limit.redirectURI),
                codeVerifier: try parameters.single("code_verifier", maxLength: 128)
            )
        } else {
            guard let token = try parameters.single("refresh_token", maxLength: 128) else {
                throw OAuthError.invalidRequest("The refresh_token parameter is missing.").notRedirectable
            }
            self = .refreshToken(token: token, scope: try parameters.single("scope", maxLength: AuthorizationRequest.Limit.scope))
        }
    }
}
