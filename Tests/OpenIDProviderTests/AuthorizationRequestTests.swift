import OpenIDProvider
import Testing

@Suite("Authorization request validation (RFC 6749 §4.1.1, OIDC Core §3.1.2.1)")
struct AuthorizationRequestTests {
    struct Bad: Sendable, CustomTestStringConvertible {
        let name: String
        let changes: [String: String?]
        var extra: [(String, String)] = []
        let code: String
        let redirectable: Bool
        var testDescription: String { "\(name) -> \(code)\(redirectable ? "" : " (page)")" }
    }

    static let long = String(repeating: "x", count: 5000)

    static let bad: [Bad] = [
        // Phase one: shown on a page, never redirected (RFC 6749 §4.1.2.1)
        Bad(name: "missing client_id", changes: ["client_id": nil], code: "invalid_request", redirectable: false),
        Bad(name: "unknown client", changes: ["client_id": "nobody"], code: "invalid_request", redirectable: false),
        Bad(name: "repeated client_id", changes: [:], extra: [("client_id", "passbank-web")], code: "invalid_request", redirectable: false),
        Bad(name: "missing redirect_uri", changes: ["redirect_uri": nil], code: "invalid_request", redirectable: false),
        Bad(name: "unregistered redirect_uri", changes: ["redirect_uri": "https://evil.example/cb"], code: "invalid_request", redirectable: false),
        Bad(
            name: "repeated redirect_uri",
            changes: [:],
            extra: [("redirect_uri", Fixtures.webRedirect)],
            code: "invalid_request",
            redirectable: false
        ),
        Bad(name: "oversized redirect_uri", changes: ["redirect_uri": long], code: "invalid_request", redirectable: false),
        // Phase two: redirected with state and iss
        Bad(name: "missing response_type", changes: ["response_type": nil], code: "invalid_request", redirectable: true),
        Bad(name: "implicit flow", changes: ["response_type": "token"], code: "unsupported_response_type", redirectable: true),
        Bad(name: "hybrid flow", changes: ["response_type": "code id_token"], code: "unsupported_response_type", redirectable: true),
        Bad(name: "fragment response mode", changes: ["response_mode": "fragment"], code: "invalid_request", redirectable: true),
        Bad(name: "missing scope", changes: ["scope": nil], code: "invalid_scope", redirectable: true),
        Bad(name: "scope without openid", changes: ["scope": "profile"], code: "invalid_scope", redirectable: true),
        Bad(name: "unknown scope", changes: ["scope": "openid admin"], code: "invalid_scope", redirectable: true),
        Bad(name: "malformed scope", changes: ["scope": "openid \"x\""], code: "invalid_scope", redirectable: true),
        Bad(
            name: "public client without PKCE",
            changes: ["code_challenge": nil, "code_challenge_method": nil],
            code: "invalid_request",
            redirectable: true
        ),
        Bad(name: "PKCE plain", changes: ["code_challenge_method": "plain"], code: "invalid_request", redirectable: true),
        Bad(name: "PKCE method omitted (plain)", changes: ["code_challenge_method": nil], code: "invalid_request", redirectable: true),
        Bad(name: "short challenge", changes: ["code_challenge": String(repeating: "a", count: 42)], code: "invalid_request", redirectable: true),
        Bad(name: "long challenge", changes: ["code_challenge": String(repeating: "a", count: 129)], code: "invalid_request", redirectable: true),
        Bad(name: "challenge charset", changes: ["code_challenge": String(repeating: "+", count: 43)], code: "invalid_request", redirectable: true),
        Bad(name: "unknown acr", changes: ["acr_values": "gold"], code: "invalid_request", redirectable: true),
        Bad(name: "claims not JSON", changes: ["claims": "{"], code: "invalid_request", redirectable: true),
        Bad(name: "claims not an object", changes: ["claims": "[1]"], code: "invalid_request", redirectable: true),
        Bad(
            name: "claims essential not bool",
            changes: ["claims": #"{"id_token":{"acr":{"essential":1}}}"#],
            code: "invalid_request",
            redirectable: true
        ),
        Bad(
            name: "claims unknown acr",
            changes: ["claims": #"{"id_token":{"acr":{"values":["gold"]}}}"#],
            code: "invalid_request",
            redirectable: true
        ),
        Bad(
            name: "claims value and values",
            changes: ["claims": #"{"id_token":{"acr":{"value":"phr","values":["phr"]}}}"#],
            code: "invalid_request",
            redirectable: true
        ),
        Bad(name: "oversized claims", changes: ["claims": long], code: "invalid_request", redirectable: true),
        Bad(name: "negative max_age", changes: ["max_age": "-1"], code: "invalid_request", redirectable: true),
        Bad(name: "non-numeric max_age", changes: ["max_age": "5m"], code: "invalid_request", redirectable: true),
        Bad(name: "huge max_age", changes: ["max_age": "9999999999"], code: "invalid_request", redirectable: true),
        Bad(name: "prompt none with login", changes: ["prompt": "none login"], code: "invalid_request", redirectable: true),
        Bad(name: "unsupported prompt", changes: ["prompt": "select_account"], code: "invalid_request", redirectable: true),
        Bad(name: "prompt none with consent", changes: ["prompt": "none consent"], code: "invalid_request", redirectable: true),
        Bad(name: "repeated scope", changes: [:], extra: [("scope", "openid")], code: "invalid_request", redirectable: true),
        Bad(name: "repeated state", changes: [:], extra: [("state", "other")], code: "invalid_request", redirectable: true),
        Bad(name: "oversized state", changes: ["state": long], code: "invalid_request", redirectable: true),
        Bad(name: "oversized nonce", changes: ["nonce": long], code: "invalid_request", redirectable: true),
        Bad(name: "oversized login_hint", changes: ["login_hint": long], code: "invalid_request", redirectable: true),
        Bad(name: "request object", changes: ["request": "eyJ.eyJ.sig"], code: "request_not_supported", redirectable: true),
        Bad(name: "request_uri", changes: ["request_uri": "https://x.example/r"], code: "request_uri_not_supported", redirectable: true),
    ]

    @Test(arguments: bad)
    func refused(_ bad: Bad) {
        let result = AuthorizationRequest.validate(Fixtures.query(bad.changes, extra: bad.extra), clients: Fixtures.clients)
        switch result {
        case .showError(let error):
            #expect(error.code == bad.code)
            #expect(!bad.redirectable)
            #expect(!error.isRedirectable)
        case .redirectError(let error, let redirectURI, _):
            #expect(error.code == bad.code)
            #expect(bad.redirectable)
            #expect(redirectURI.value == Fixtures.webRedirect)
        case .valid:
            Issue.record("accepted \(bad.name)")
        }
    }

    @Test("A redirected error keeps a usable state; a repeated state is dropped")
    func stateEcho() {
        if case .redirectError(_, _, let state) = AuthorizationRequest.validate(Fixtures.query(["scope": "profile"]), clients: Fixtures.clients) {
            #expect(state == "st-123")
        } else {
            Issue.record("expected a redirected error")
        }
        let repeated = Fixtures.query([:], extra: [("state", "other")])
        if case .redirectError(_, _, let state) = AuthorizationRequest.validate(repeated, clients: Fixtures.clients) {
            #expect(state == nil)
        } else {
            Issue.record("expected a redirected error")
        }
    }

    @Test("A client without the code grant is unauthorized_client")
    func unauthorizedClient() {
        var client = Fixtures.confidential
        client.grantTypes = [GrantType.refreshToken]
        let registry = ClientRegistry(clients: [client])
        let query = Fixtures.query(["client_id": "partner", "redirect_uri": "https://partner.example/cb?tenant=1"])
        guard case .redirectError(let error, _, _) = AuthorizationRequest.validate(query, clients: registry) else {
            Issue.record("expected a redirected error")
            return
        }
        #expect(error.code == "unauthorized_client")
    }

    @Test("A full valid request is parsed")
    func valid() throws {
        let request = try Fixtures.validRequest([
            "scope": "openid profile offline_access openid",
            "acr_values": "phrh phr",
            "max_age": "300",
            "prompt": "login",
            "login_hint": "alice",
        ])
        #expect(request.scopes == ["openid", "profile", "offline_access"])
        #expect(request.acrRequirement.minimum == .phr)
        #expect(request.acrRequirement.maxAge == 300)
        #expect(request.prompt == [.login])
        #expect(request.loginHint == "alice")
        #expect(request.codeChallenge == Fixtures.challenge)
        #expect(request.nonce == "n-456")
        #expect(request.state == "st-123")
        #expect(request.grantsRefreshToken(to: try #require(Fixtures.clients.client(id: "passbank-web"))))
    }

    @Test("An essential acr in claims overrides acr_values (OIDC Core §5.5.1.1)")
    func claimsACR() throws {
        let request = try Fixtures.validRequest([
            "acr_values": "phr",
            "claims": #"{"id_token":{"acr":{"essential":true,"values":["phrh"]}},"userinfo":null}"#,
        ])
        #expect(request.acrRequirement.acceptable == [.phrh])
        #expect(request.acrRequirement.isEssential)
    }

    @Test("A confidential client may omit PKCE but never use plain")
    func confidentialPKCE() {
        let query = Fixtures.query([
            "client_id": "partner", "redirect_uri": "https://partner.example/cb?tenant=1", "code_challenge": nil, "code_challenge_method": nil,
        ])
        guard case .valid(let request) = AuthorizationRequest.validate(query, clients: Fixtures.clients) else {
            Issue.record("expected a valid request")
            return
        }
        #expect(request.codeChallenge == nil)
    }

    @Test("Raw query strings are decoded; bad percent-encoding and oversize are invalid_request")
    func rawQuery() throws {
        let parameters = try RequestParameters(urlEncoded: "scope=openid+profile&state=a%20b&empty=")
        #expect(try parameters.single("scope") == "openid profile")
        #expect(try parameters.single("state") == "a b")
        #expect(try parameters.single("empty") == nil)
        #expect(throws: OAuthError.invalidRequest("")) { try RequestParameters(urlEncoded: "state=%ZZ") }
        #expect(throws: OAuthError.invalidRequest("")) { try RequestParameters(urlEncoded: String(repeating: "a", count: 20_000)) }
        #expect(throws: OAuthError.invalidRequest("")) { try RequestParameters(urlEncoded: String(repeating: "a=1&", count: 70)) }
    }
}
