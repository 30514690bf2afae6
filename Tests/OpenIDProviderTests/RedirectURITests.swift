import OpenIDProvider
import Testing

@Suite("Redirect URI matching (RFC 9700 §2.1, RFC 8252 §7)")
struct RedirectURITests {
    struct Case: Sendable, CustomTestStringConvertible {
        let requested: String
        let registered: String
        let native: Bool
        let matches: Bool
        var testDescription: String { "\(requested) vs \(registered) native=\(native) -> \(matches)" }
    }

    static let cases: [Case] = [
        Case(requested: "https://a.example/cb", registered: "https://a.example/cb", native: false, matches: true),
        Case(requested: "https://a.example/cb/", registered: "https://a.example/cb", native: false, matches: false),
        Case(requested: "https://A.example/cb", registered: "https://a.example/cb", native: false, matches: false),
        Case(requested: "https://a.example/cb?x=1", registered: "https://a.example/cb", native: false, matches: false),
        Case(requested: "https://a.example/cb#frag", registered: "https://a.example/cb#frag", native: false, matches: false),
        // RFC 8252 §7.3: loopback, any port, for native clients only
        Case(requested: "http://127.0.0.1:51004/callback", registered: "http://127.0.0.1/callback", native: true, matches: true),
        Case(requested: "http://127.0.0.1:8080/callback", registered: "http://127.0.0.1:9999/callback", native: true, matches: true),
        Case(requested: "http://[::1]:61000/callback", registered: "http://[::1]/callback", native: true, matches: true),
        Case(requested: "http://127.0.0.1:51004/callback", registered: "http://127.0.0.1/callback", native: false, matches: false),
        Case(requested: "http://127.0.0.1:51004/other", registered: "http://127.0.0.1/callback", native: true, matches: false),
        Case(requested: "http://[::1]:51004/callback", registered: "http://127.0.0.1/callback", native: true, matches: false),
        Case(requested: "http://localhost:51004/callback", registered: "http://localhost/callback", native: true, matches: false),
        Case(requested: "https://127.0.0.1:51004/callback", registered: "https://127.0.0.1/callback", native: true, matches: false),
        Case(requested: "http://127.0.0.1:0/callback", registered: "http://127.0.0.1/callback", native: true, matches: false),
        Case(requested: "http://127.0.0.1:99999/callback", registered: "http://127.0.0.1/callback", native: true, matches: false),
        Case(requested: "http://127.0.0.1:80a/callback", registered: "http://127.0.0.1/callback", native: true, matches: false),
        Case(requested: "http://127.0.0.1.evil.example:80/callback", registered: "http://127.0.0.1/callback", native: true, matches: false),
        Case(requested: "http://user@127.0.0.1:80/callback", registered: "http://127.0.0.1/callback", native: true, matches: false),
        Case(requested: "http://127.0.0.1:5000/callback?x=1", registered: "http://127.0.0.1/callback", native: true, matches: false),
        // RFC 8252 §7.1, §7.2: private-use schemes and claimed https are exact
        Case(requested: "com.passbank.app:/oauth2redirect", registered: "com.passbank.app:/oauth2redirect", native: true, matches: true),
        Case(requested: "com.passbank.app:/oauth2redirect2", registered: "com.passbank.app:/oauth2redirect", native: true, matches: false),
        Case(requested: "https://bank.example/native/cb", registered: "https://bank.example/native/cb", native: true, matches: true),
        Case(requested: "https://bank.example:8443/native/cb", registered: "https://bank.example/native/cb", native: true, matches: false),
    ]

    @Test(arguments: cases)
    func matching(_ testCase: Case) {
        #expect(RedirectURI.matches(testCase.requested, registered: testCase.registered, allowingLoopbackPort: testCase.native) == testCase.matches)
    }

    @Test("A client verifies only registered redirect URIs; failures are not redirectable")
    func clientVerification() throws {
        let client = try #require(Fixtures.clients.client(id: "passbank-ios"))
        #expect(try client.verifyRedirectURI("http://127.0.0.1:4242/callback").value == "http://127.0.0.1:4242/callback")
        let error = #expect(throws: OAuthError.self) { try client.verifyRedirectURI("https://evil.example/cb") }
        #expect(error?.code == "invalid_request")
        #expect(error?.isRedirectable == false)
    }

    @Test("post_logout_redirect_uri is matched exactly")
    func postLogout() throws {
        let web = try #require(Fixtures.clients.client(id: "passbank-web"))
        #expect(try web.verifyPostLogoutRedirectURI("https://bank.example/").value == "https://bank.example/")
        #expect(throws: OAuthError.invalidRequest("")) { try web.verifyPostLogoutRedirectURI("https://bank.example/x") }
        #expect(web.allowsWebOrigin("https://bank.example"))
        #expect(!web.allowsWebOrigin("https://evil.example"))
    }
}
