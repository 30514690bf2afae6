import OpenIDProvider
import Testing

@Suite("Authorization responses (RFC 6749 §4.1.2, RFC 9207 §2)")
struct AuthorizationResponseTests {
    let response = AuthorizationResponse(issuer: Fixtures.issuer)

    @Test("Success carries code, state and iss")
    func success() throws {
        let request = try Fixtures.validRequest(["state": "a b&c"])
        let location = response.successRedirect(code: "CODE", to: request.redirectURI, state: request.state)
        #expect(location == "https://bank.example/app/callback/?code=CODE&state=a%20b%26c&iss=https%3A%2F%2Fbank.example")
    }

    @Test("Errors carry error, description, state and iss; the registered query is kept")
    func error() throws {
        let client = try #require(Fixtures.clients.client(id: "partner"))
        let uri = try client.verifyRedirectURI("https://partner.example/cb?tenant=1")
        let location = try #require(response.errorRedirect(.accessDenied("The person cancelled."), to: uri, state: nil))
        #expect(location.hasPrefix("https://partner.example/cb?tenant=1&error=access_denied&error_description=The%20person%20cancelled."))
        #expect(location.hasSuffix("&iss=https%3A%2F%2Fbank.example"))
        #expect(!location.contains("state="))
    }

    @Test("A non-redirectable error yields no redirect")
    func notRedirectable() throws {
        let request = try Fixtures.validRequest()
        #expect(response.errorRedirect(OAuthError.accessDenied("x").notRedirectable, to: request.redirectURI, state: "s") == nil)
    }

    @Test("Errors compare by code and their descriptions hold no secrets")
    func equality() {
        #expect(OAuthError.invalidGrant("a") == OAuthError.invalidGrant("b"))
        #expect(OAuthError.invalidGrant("a") != OAuthError.invalidClient("a"))
        #expect(OAuthError.serverError.code == "server_error")
    }
}
