/// A successful token response (RFC 6749 §5.1, OIDC Core §3.1.3.3).
struct TokenResponse: Encodable {
    var access_token: String
    var token_type = "Bearer"
    var expires_in: Int
    var id_token: String?
    var refresh_token: String?
    var scope: String
}
