/// Scope values this provider knows (OIDC Core §5.4, §11).
public enum Scope {
    /// Required in every OpenID request.
    public static let openid = "openid"
    /// `name`, `preferred_username` in userinfo and the ID token.
    public static let profile = "profile"
    /// Asks for a refresh token (OIDC Core §11).
    public static let offlineAccess = "offline_access"
    /// The banking API: read accounts, history, payees and transfers.
    public static let accounts = "accounts"
    /// The banking API: move money and add payees.
    public static let payments = "payments"
    /// The banking API: list, rename and remove passkeys.
    public static let passkeys = "passkeys"
    /// Every supported scope, as published in discovery.
    public static let supported: Set<String> = [openid, profile, offlineAccess, accounts, payments, passkeys]
    /// What a configured client may ask for when the operator lists nothing: signing in, the
    /// person's name, staying connected, and reading their accounts. Moving money (`payments`) and
    /// managing the passkeys that sign in to the account (`passkeys`) are only ever listed on purpose.
    public static let configuredDefault: Set<String> = [openid, profile, offlineAccess, accounts]

    /// Whether `token` is a syntactically valid scope token: `%x21 / %x23-5B / %x5D-7E` (RFC 6749 §3.3).
    static func isValidToken(_ token: Substring) -> Bool {
        !token.isEmpty
            && token.utf8.allSatisfy { byte in
                byte == 0x21 || (0x23...0x5B).contains(byte) || (0x5D...0x7E).contains(byte)
            }
    }
}
