import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import PassbankServer
import Testing
import WebAuthnTestSupport

/// RP-Initiated Logout 1.0 §2–3: another site cannot sign a person out with a link. A GET ends the
/// session only with a valid `id_token_hint` for its person; otherwise the person is asked, and only a
/// same-origin POST of their answer ends it.
@Suite("OpenID provider: logout needs an ID token hint or the person's confirmation")
struct OAuthLogoutTests {
    let flow = OAuthCodeFlowTests()

    /// A signed-in browser (with its cookie) and the tokens of its code flow.
    struct SignedIn {
        var browser: Browser
        var tokens: OAuthFlow.Tokens
        var idToken: String
    }

    static func signIn(_ username: String, seed: UInt64, client: any TestClientProtocol) async throws -> SignedIn {
        var authenticator = CeremonyEndpointTests.synced(seed: seed)
        var signUp = Browser(client: client)
        #expect(try await signUp.signUp(username, with: &authenticator).status == .created)
        var browser = Browser(client: client)
        let code = try await OAuthCodeFlowTests.signInForCode(&browser, authenticator: &authenticator)
        let tokens = try Browser.decode(OAuthFlow.Tokens.self, try await OAuthCodeFlowTests.exchange(browser, code: code))
        return SignedIn(browser: browser, tokens: tokens, idToken: try #require(tokens.id_token))
    }

    static let registered = [("client_id", "passbank-web"), ("post_logout_redirect_uri", CeremonyHarness.origin + "/"), ("state", "bye")]

    static func logoutPath(hint: String? = nil) -> String {
        "/oauth2/logout?" + OAuthFlow.encode(registered + (hint.map { [("id_token_hint", $0)] } ?? []))
    }

    /// The session still signs in silently: `prompt=none` gives a code, not `login_required`.
    static func isSignedIn(_ browser: Browser) async throws -> Bool {
        var probe = browser
        let silent = try await probe.get(OAuthFlow.authorizePath([("prompt", "none")]))
        return OAuthFlow.query(silent.headers[.location] ?? "")["code"] != nil
    }

    static func expectConfirmationPage(_ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) {
        let html = String(buffer: response.body)
        #expect(response.status == .ok, sourceLocation: sourceLocation)
        #expect(response.headers[.contentType] == "text/html; charset=utf-8", sourceLocation: sourceLocation)
        #expect(response.headers[.location] == nil, sourceLocation: sourceLocation)
        #expect(response.headers[.setCookie] == nil, "the confirmation page must not touch the cookie", sourceLocation: sourceLocation)
        #expect(html.contains(#"<form method="post" action="/oauth2/logout">"#), sourceLocation: sourceLocation)
        // The original parameters go back with the person's answer.
        #expect(html.contains(#"<input type="hidden" name="client_id" value="passbank-web">"#), sourceLocation: sourceLocation)
        #expect(
            html.contains(#"<input type="hidden" name="post_logout_redirect_uri" value="\#(CeremonyHarness.origin)/">"#),
            sourceLocation: sourceLocation
        )
        #expect(html.contains(#"<input type="hidden" name="state" value="bye">"#), sourceLocation: sourceLocation)
        #expect(!html.contains("<script") && !html.contains("style="), sourceLocation: sourceLocation)
    }

    @Test("a cross-site GET without id_token_hint gets the confirmation page; the session lives on")
    func getWithoutHintAsks() async throws {
        try await flow.run { _, client in
            var ada = try await Self.signIn("ada", seed: 1, client: client)
            let asked = try await ada.browser.get(Self.logoutPath(), headers: [HTTPField.Name("Sec-Fetch-Site")!: "cross-site"])
            Self.expectConfirmationPage(asked)
            #expect(try await Self.isSignedIn(ada.browser))
            #expect(try await OAuthEndpointTests.refresh(ada.browser, ada.tokens.refresh_token).status == .ok)
        }
    }

    @Test("a GET with the person's own ID token signs out at once, even after the ID token expired")
    func getWithHintSignsOut() async throws {
        try await flow.run { harness, client in
            var ada = try await Self.signIn("ada", seed: 1, client: client)
            // ID tokens live 5 minutes; RP-Initiated Logout 1.0 §2 accepts an expired one as a hint.
            harness.clock.advance(600)
            let out = try await ada.browser.get(Self.logoutPath(hint: ada.idToken))
            #expect(out.status == .seeOther)
            #expect(out.headers[.location] == CeremonyHarness.origin + "/?state=bye")
            #expect(try await !Self.isSignedIn(ada.browser))
            #expect(try await OAuthEndpointTests.refresh(ada.browser, ada.tokens.refresh_token).status == .badRequest)
        }
    }

    @Test("after the session timed out, its own ID token (sid) still ends its refresh tokens")
    func getWithHintAfterIdleTimeout() async throws {
        try await flow.run { harness, client in
            var ada = try await Self.signIn("ada", seed: 1, client: client)
            harness.clock.advance(31 * 60)
            // The refresh tokens outlive the provider session.
            let refreshed = try await OAuthEndpointTests.refresh(ada.browser, ada.tokens.refresh_token)
            try #require(refreshed.status == .ok)
            let next = try Browser.decode(OAuthFlow.Tokens.self, refreshed).refresh_token
            let out = try await ada.browser.get(Self.logoutPath(hint: ada.idToken))
            #expect(out.status == .seeOther)
            #expect(try await OAuthEndpointTests.refresh(ada.browser, next).status == .badRequest)
        }
    }

    @Test("a hint for another person, a forged, re-signed, unsigned or access token hint: confirmation page, still signed in")
    func badHintsAsk() async throws {
        try await flow.run { _, client in
            var ada = try await Self.signIn("ada", seed: 1, client: client)
            let bob = try await Self.signIn("bob", seed: 2, client: client)
            let parts = ada.idToken.split(separator: ".").map(String.init)
            let bobPayload = bob.idToken.split(separator: ".").map(String.init)[1]
            // The same claims and kid, signed by a key the provider never had.
            let claims = try await OAuthFlow.verify(
                ada.idToken,
                jwks: String(buffer: try await client.execute(uri: "/oauth2/jwks", method: .get, headers: [:], body: nil).body)
            )
            let header = try JSONSerialization.jsonObject(with: try #require(Data(base64URL: parts[0]))) as? [String: Any]
            let forger = JWTKeyCollection()
            let kid = JWKIdentifier(string: try #require(header?["kid"] as? String))
            await forger.add(ecdsa: ES256PrivateKey(), kid: kid)
            var jwtHeader = JWTHeader()
            jwtHeader.typ = "JWT"
            let resigned = try await forger.sign(claims.claims, kid: kid, header: jwtHeader)
            let hints: [(String, String)] = [
                ("bob's ID token", bob.idToken),
                ("ada's header and signature around bob's claims", [parts[0], bobPayload, parts[2]].joined(separator: ".")),
                ("a flipped signature", parts[0] + "." + parts[1] + "." + String(parts[2].reversed())),
                ("signed by another key under the same kid", resigned),
                ("alg none", OAuthFlow.base64URL(Array(#"{"alg":"none","typ":"JWT"}"#.utf8)) + "." + parts[1] + "."),
                ("ada's access token", ada.tokens.access_token),
                ("not a JWT", "hello"),
            ]
            for (label, hint) in hints {
                let asked = try await ada.browser.get(Self.logoutPath(hint: hint))
                Self.expectConfirmationPage(asked)
                #expect(try await Self.isSignedIn(ada.browser), "\(label) signed ada out")
            }
        }
    }

    @Test("the confirmation POST from another site is refused; the session lives on")
    func crossSitePostRefused() async throws {
        try await flow.run { _, client in
            var ada = try await Self.signIn("ada", seed: 1, client: client)
            let body = OAuthFlow.encode(Self.registered)
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            let attempts: [(String, HTTPFields)] = [
                ("another origin", form + [.origin: "https://evil.example"]),
                ("another origin, claiming same-origin fetch metadata", form + [.origin: "https://evil.example", .secFetchSite: "same-origin"]),
                ("null origin from another site", form + [.origin: "null", .secFetchSite: "cross-site"]),
                ("no origin, same-site", form + [.secFetchSite: "same-site"]),
                ("no origin, no fetch metadata", form),
            ]
            for (label, headers) in attempts {
                let refused = try await ada.browser.post("/oauth2/logout", body: body, headers: headers)
                #expect(refused.status == .forbidden, "\(label)")
                #expect(refused.headers[.setCookie] == nil, "\(label)")
                #expect(refused.headers[.location] == nil, "\(label)")
                #expect(try await Self.isSignedIn(ada.browser), "\(label) signed ada out")
            }
        }
    }

    @Test(
        "the confirmation POST from this origin signs out and follows the registered redirect",
        arguments: ["origin", "fetch metadata", "null origin with fetch metadata"]
    )
    func sameOriginPostSignsOut(_ spelling: String) async throws {
        try await flow.run { _, client in
            var ada = try await Self.signIn("ada", seed: 1, client: client)
            var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            switch spelling {
            case "origin": headers[.origin] = CeremonyHarness.origin
            case "fetch metadata": headers[.secFetchSite] = "same-origin"
            default: headers += [.origin: "null", .secFetchSite: "same-origin"]
            }
            let out = try await ada.browser.post("/oauth2/logout", body: OAuthFlow.encode(Self.registered), headers: headers)
            #expect(out.status == .seeOther)
            #expect(out.headers[.location] == CeremonyHarness.origin + "/?state=bye")
            #expect(try await !Self.isSignedIn(ada.browser))
            #expect(try await OAuthEndpointTests.refresh(ada.browser, ada.tokens.refresh_token).status == .badRequest)
            // The POST checks the redirect as the GET does.
            let foreign = try await ada.browser.post(
                "/oauth2/logout",
                body: OAuthFlow.encode([("client_id", "passbank-web"), ("post_logout_redirect_uri", "https://evil.example/")]),
                headers: headers
            )
            #expect(foreign.status == .badRequest)
            #expect(foreign.headers[.location] == nil)
        }
    }
}

extension HTTPField.Name {
    fileprivate static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
}

extension HTTPFields {
    fileprivate static func + (lhs: HTTPFields, rhs: HTTPFields) -> HTTPFields {
        var merged = lhs
        merged.append(contentsOf: rhs)
        return merged
    }

    fileprivate static func += (lhs: inout HTTPFields, rhs: HTTPFields) { lhs = lhs + rhs }
}

extension Data {
    fileprivate init?(base64URL text: String) {
        var padded = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while padded.count % 4 != 0 { padded += "=" }
        self.init(base64Encoded: padded)
    }
}
