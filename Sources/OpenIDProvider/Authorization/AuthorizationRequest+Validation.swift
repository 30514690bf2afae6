extension AuthorizationRequest {
    /// Size limits per parameter, in UTF-8 bytes.
    enum Limit {
        static let clientID = 128
        static let redirectURI = 2048
        static let state = 1024
        static let nonce = 512
        static let scope = 1024
        static let claims = 4096
        static let loginHint = 256
        static let short = 64
    }

    /// Validates the query of `/oauth2/authorize` in two phases.
    ///
    /// First `client_id` and `redirect_uri` (failures are shown on a page, RFC 6749 §4.1.2.1);
    /// then everything else (failures are redirected with `state` and `iss`).
    public static func validate(_ parameters: RequestParameters, clients: ClientRegistry) -> AuthorizationRequestValidation {
        let client: OAuthClient
        let redirectURI: VerifiedRedirectURI
        do throws(OAuthError) {
            (client, redirectURI) = try verifyClient(parameters, clients: clients)
        } catch {
            return .showError(error.notRedirectable)
        }
        // RFC 6749 §4.1.2: state is echoed exactly; a repeated or oversized state cannot be echoed
        let state = try? parameters.single("state", maxLength: Limit.state)
        do throws(OAuthError) {
            let request = try validateRest(parameters, client: client, redirectURI: redirectURI)
            return .valid(request)
        } catch {
            return .redirectError(error, redirectURI: redirectURI, state: state)
        }
    }

    /// Phase one: the client and its redirect URI.
    static func verifyClient(
        _ parameters: RequestParameters,
        clients: ClientRegistry
    ) throws(OAuthError) -> (OAuthClient, VerifiedRedirectURI) {
        // RFC 6749 §4.1.1: client_id is required
        guard let clientID = try parameters.single("client_id", maxLength: Limit.clientID) else {
            throw OAuthError.invalidRequest("The client_id parameter is missing.")
        }
        guard let client = clients.client(id: clientID) else {
            throw OAuthError.invalidRequest("The client is not known.")
        }
        // OIDC Core §3.1.2.1: redirect_uri is required
        guard let requested = try parameters.single("redirect_uri", maxLength: Limit.redirectURI) else {
            throw OAuthError.invalidRequest("The redirect_uri parameter is missing.")
        }
        return (client, try client.verifyRedirectURI(requested))
    }

    /// Phase two: everything else, with a trusted redirect URI.
    static func validateRest(
        _ parameters: RequestParameters,
        client: OAuthClient,
        redirectURI: VerifiedRedirectURI
    ) throws(OAuthError) -> AuthorizationRequest {
        // OIDC Core §6: request objects are not supported (discovery says so)
        if parameters.contains("request") { throw OAuthError.requestNotSupported }
        if parameters.contains("request_uri") { throw OAuthError.requestURINotSupported }
        let state = try parameters.single("state", maxLength: Limit.state)
        // RFC 6749 §4.1.1: response_type is required and must be "code"
        guard let responseType = try parameters.single("response_type", maxLength: Limit.short) else {
            throw OAuthError.invalidRequest("The response_type parameter is missing.")
        }
        guard responseType == "code" else { throw OAuthError.unsupportedResponseType("Only response_type=code is supported.") }
        // RFC 6749 §4.1.2.1: the client must be allowed the authorization code grant
        guard client.grantTypes.contains(GrantType.authorizationCode) else {
            throw OAuthError.unauthorizedClient("The client may not use the authorization code flow.")
        }
        // OAuth 2.0 Multiple Response Types §2.1: only the default query response mode
        if let responseMode = try parameters.single("response_mode", maxLength: Limit.short), responseMode != "query" {
            throw OAuthError.invalidRequest("Only response_mode=query is supported.")
        }
        let scopes = try validateScopes(parameters, client: client)
        let codeChallenge = try validatePKCE(parameters, client: client)
        let nonce = try parameters.single("nonce", maxLength: Limit.nonce)
        let requirement = try ACRRequirement.parse(parameters)
        let prompt = try validatePrompt(parameters)
        let loginHint = try parameters.single("login_hint", maxLength: Limit.loginHint)
        return AuthorizationRequest(
            clientID: client.id,
            redirectURI: redirectURI,
            scopes: scopes,
            state: state,
            nonce: nonce,
            codeChallenge: codeChallenge,
            acrRequirement: requirement,
            prompt: prompt,
            loginHint: loginHint
        )
    }

    static func validateScopes(_ parameters: RequestParameters, client: OAuthClient) throws(OAuthError) -> [String] {
        // OIDC Core §3.1.2.1: scope is required and must contain openid
        guard let scope = try parameters.single("scope", maxLength: Limit.scope) else {
            throw OAuthError.invalidScope("The scope must include openid.")
        }
        var scopes: [String] = []
        for token in scope.split(separator: " ", omittingEmptySubsequences: true) {
            // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
            guard Scope.isValidToken(token) else { throw OAuthError.invalidScope("The scope is malformed.") }
            guard client.scopes.contains(String(token)) else { throw OAuthError.invalidScope("A requested scope is not available.") }
            if !scopes.contains(String(token)) { scopes.append(String(token)) }
        }
        guard scopes.contains(Scope.openid) else { throw OAuthError.invalidScope("The scope must include openid.") }
        return scopes
    }

    static func validatePKCE(_ parameters: RequestParameters, client: OAuthClient) throws(OAuthError) -> String? {
        let challenge = try parameters.single("code_challenge", maxLength: 128)
        let method = try parameters.single("code_challenge_method", maxLength: Limit.short)
        guard let challenge else {
            // RFC 9700 §2.1.1, RFC 7636 §4.4.1: public clients must use PKCE
            if client.isPublic { throw OAuthError.invalidRequest("PKCE with code_challenge_method=S256 is required.") }
            if method != nil { throw OAuthError.invalidRequest("code_challenge_method was sent without code_challenge.") }
            return nil
        }
        // RFC 7636 §4.3: an absent method means "plain", which RFC 9700 §2.1.1 refuses
        guard method == PKCE.method else { throw OAuthError.invalidRequest("Only code_challenge_method=S256 is supported.") }
        // RFC 7636 §4.2: S256 challenges are 43 base64url characters
        guard challenge.utf8.count == 43, challenge.utf8.allSatisfy(Base64URL.isAlphabet) else {
            throw OAuthError.invalidRequest("The code_challenge is malformed.")
        }
        return challenge
    }

    static func validatePrompt(_ parameters: RequestParameters) throws(OAuthError) -> Set<Prompt> {
        guard let value = try parameters.single("prompt", maxLength: Limit.short) else { return [] }
        var prompt = Set<Prompt>()
        for token in value.split(separator: " ", omittingEmptySubsequences: true) {
            guard let known = Prompt(rawValue: String(token)) else { throw OAuthError.invalidRequest("The prompt value is not supported.") }
            prompt.insert(known)
        }
        // OIDC Core §3.1.2.1: none with any other value is an error
        if prompt.contains(.none), prompt.count > 1 { throw OAuthError.invalidRequest("prompt=none cannot be combined with other values.") }
        return prompt
    }
}
