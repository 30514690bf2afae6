import Foundation
import OpenIDProvider
import Testing

@Suite("Revocation, userinfo and logout")
struct EndpointTests {
    let web = Fixtures.clients.client(id: "passbank-web")!
    let partner = Fixtures.clients.client(id: "partner")!

    @Test("Revocation needs a token and revokes only the owner's family (RFC 7009 §2.1)")
    func revocation() throws {
        #expect(throws: OAuthError.invalidRequest("")) { try RevocationRequest(RequestParameters(urlEncoded: "token_type_hint=refresh_token")) }
        let request = try RevocationRequest(RequestParameters(urlEncoded: "token=abc&token_type_hint=refresh_token"))
        #expect(request.refreshTokenHash == OpaqueToken.hash("abc"))
        var generator = SeededGenerator(seed: 5)
        let code = AuthorizationCodeRecord.issue(
            for: try Fixtures.validRequest(),
            client: web,
            event: Fixtures.event(),
            sessionID: "sid",
            now: Fixtures.now,
            using: &generator
        ).record
        let record = RefreshTokenRecord.issueFirst(from: code, now: Fixtures.now, using: &generator).record
        #expect(RevocationRequest.familyToRevoke(record: record, client: web) == code.familyID)
        #expect(RevocationRequest.familyToRevoke(record: record, client: partner) == nil)
        #expect(RevocationRequest.familyToRevoke(record: nil, client: web) == nil)
    }

    @Test("Userinfo releases profile claims only with the profile scope")
    func userinfo() throws {
        var generator = SeededGenerator(seed: 6)
        var claims = AccessTokenClaims(
            issuer: Fixtures.issuer,
            clientID: "passbank-web",
            event: Fixtures.event(),
            scope: "openid profile",
            sessionID: nil,
            grantID: "grant-1",
            now: Fixtures.now,
            using: &generator
        )
        let full = try UserInfoResponse(claims: claims, displayName: "Alice", username: "alice")
        #expect(full.sub == "user-1" && full.name == "Alice" && full.preferred_username == "alice")
        claims.scope = "openid"
        #expect(try UserInfoResponse(claims: claims, displayName: "Alice", username: "alice").name == nil)
        claims.scope = "profile"
        #expect(throws: OAuthError.invalidToken("")) { try UserInfoResponse(claims: claims, displayName: nil, username: nil) }
    }

    @Test("Logout redirects only to a registered post_logout_redirect_uri of a named client")
    func logout() throws {
        let ok = try LogoutRequest(
            RequestParameters(urlEncoded: "client_id=passbank-web&post_logout_redirect_uri=https%3A%2F%2Fbank.example%2F&state=s1"),
            clients: Fixtures.clients
        )
        #expect(ok.redirectLocation == "https://bank.example/?state=s1")
        let plain = try LogoutRequest(RequestParameters(urlEncoded: ""), clients: Fixtures.clients)
        #expect(plain.redirectLocation == nil)
        for query in [
            "post_logout_redirect_uri=https%3A%2F%2Fbank.example%2F",
            "client_id=passbank-web&post_logout_redirect_uri=https%3A%2F%2Fevil.example%2F",
            "client_id=nobody&post_logout_redirect_uri=https%3A%2F%2Fbank.example%2F",
            "client_id=passbank-web&client_id=passbank-web",
        ] {
            let error = #expect(throws: OAuthError.self) { try LogoutRequest(RequestParameters(urlEncoded: query), clients: Fixtures.clients) }
            #expect(error?.code == "invalid_request")
            #expect(error?.isRedirectable == false)
        }
    }
}

@Suite("Stored forms")
struct StoredFormTests {
    @Test("A pending authorization request survives a JSON round trip through the database")
    func pendingRequestRoundTrip() throws {
        let request = try Fixtures.validRequest(["acr_values": "phrh", "max_age": "300", "prompt": "login", "login_hint": "alice"])
        let decoded = try JSONDecoder().decode(AuthorizationRequest.self, from: JSONEncoder().encode(request))
        #expect(decoded == request)
    }

    @Test("Refresh tokens come only with offline_access and the refresh_token grant (OIDC Core §11)")
    func refreshOnlyWhenAsked() throws {
        let web = try #require(Fixtures.clients.client(id: "passbank-web"))
        #expect(!(try Fixtures.validRequest()).grantsRefreshToken(to: web))
        var codeOnly = web
        codeOnly.grantTypes = [GrantType.authorizationCode]
        #expect(!(try Fixtures.validRequest(["scope": "openid offline_access"])).grantsRefreshToken(to: codeOnly))
    }

    @Test("More than 64 parameters are refused")
    func tooManyPairs() {
        let pairs = (0..<65).map { (name: "p\($0)", value: "v") }
        #expect(throws: OAuthError.invalidRequest("")) { try RequestParameters(pairs: pairs) }
    }
}
