/// A `/oauth2/logout` request (OpenID Connect RP-Initiated Logout 1.0 §2).
public struct LogoutRequest: Sendable, Hashable {
    /// The client that asked, when `client_id` was sent.
    public var clientID: String?
    /// The verified `post_logout_redirect_uri`, if any; otherwise show the signed-out page.
    public var redirectURI: VerifiedRedirectURI?
    /// The `state` to return with the redirect.
    public var state: String?
    /// The `id_token_hint`, unverified (RP-Initiated Logout 1.0 §2; see `TokenSigner.verifyIDTokenHint`).
    public var idTokenHint: String?
    /// The longest `id_token_hint` read.
    public static let maximumIDTokenHintLength = 8192

    /// Validates the query.
    ///
    /// - Throws: `invalid_request` (not redirectable) when `post_logout_redirect_uri` is sent without a
    ///   known `client_id` or is not registered for it (RP-Initiated Logout 1.0 §3), or on repeats.
    public init(_ parameters: RequestParameters, clients: ClientRegistry) throws(OAuthError) {
        do throws(OAuthError) {
            let clientID = try parameters.single("client_id", maxLength: AuthorizationRequest.Limit.clientID)
            let requested = try parameters.single("post_logout_redirect_uri", maxLength: AuthorizationRequest.Limit.redirectURI)
            self.state = try parameters.single("state", maxLength: AuthorizationRequest.Limit.state)
            self.idTokenHint = try parameters.single("id_token_hint", maxLength: Self.maximumIDTokenHintLength)
            self.clientID = clientID
            self.redirectURI = nil
            if let requested {
                // RP-Initiated Logout 1.0 §3: the URI must be registered for the identified client
                guard let clientID, let client = clients.client(id: clientID) else {
                    throw OAuthError.invalidRequest("post_logout_redirect_uri needs a known client_id.")
                }
                self.redirectURI = try client.verifyPostLogoutRedirectURI(requested)
            }
        } catch {
            throw error.notRedirectable
        }
    }

    /// Where to send the browser after the session ended: the verified URI with `state`, or `nil`.
    public var redirectLocation: String? {
        guard let redirectURI else { return nil }
        return AuthorizationResponse.append(state.map { [("state", $0)] } ?? [], to: redirectURI)
    }
}
