/// `grant_type` values of the token endpoint (RFC 6749 §4.1.3, §6).
public enum GrantType {
    /// Exchanges an authorization code.
    public static let authorizationCode = "authorization_code"
    /// Exchanges (and rotates) a refresh token.
    public static let refreshToken = "refresh_token"
}
