/// The `/oauth2/userinfo` response (OIDC Core §5.3.2) for a verified access token.
public struct UserInfoResponse: Sendable, Hashable, Codable {
    public var sub: String
    /// With the `profile` scope: the display name.
    public var name: String?
    /// With the `profile` scope: the username.
    public var preferred_username: String?
    public var acr: String
    public var amr: [String]
    public var auth_time: Int64

    /// Builds the response; profile claims only when the token's scope includes `profile` (OIDC Core §5.4).
    ///
    /// - Throws: `invalid_token` when the token was not issued for OpenID (`openid` missing from scope).
    public init(claims: AccessTokenClaims, displayName: String?, username: String?) throws(OAuthError) {
        let scopes = claims.scope.split(separator: " ")
        // OIDC Core §5.3: the access token must have been obtained through an OpenID request
        guard scopes.contains(Substring(Scope.openid)) else {
            throw OAuthError.invalidToken("The access token was not issued for OpenID Connect.")
        }
        let profile = scopes.contains(Substring(Scope.profile))
        self.sub = claims.sub
        self.name = profile ? displayName : nil
        self.preferred_username = profile ? username : nil
        self.acr = claims.acr
        self.amr = claims.amr
        self.auth_time = claims.auth_time
    }
}
