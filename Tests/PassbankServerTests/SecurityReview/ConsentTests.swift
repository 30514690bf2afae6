import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PassbankServer
import Storage
import Testing

/// Security review, finding 9: deployment clients skipped consent and could ask for every scope,
/// `passkeys` included, so a partner got a code with no consent screen and enrolled a passkey into
/// the customer's account. Deployment clients are now third parties unless marked first-party, may
/// ask only for what the operator lists (by default no `payments`, no `passkeys`), and their person
/// is asked on the consent page (OIDC Core §3.1.2.4) before any code is issued.
@Suite("Security review 9: third-party clients ask for consent")
struct ConsentTests {
    static let budget = "https://budget.example/cb"
    static let wallet = "https://wallet.example/cb"

    /// A third-party client with the default scopes, one allowed to move money and manage passkeys,
    /// and the bank's own iOS app.
    static let file = """
        {"clients": [
           {"id": "budget-app", "name": "Budget App", "redirectURIs": ["\(budget)"]},
           {"id": "wallet", "name": "Wallet", "redirectURIs": ["\(wallet)"],
            "scopes": ["openid", "profile", "offline_access", "accounts", "payments", "passkeys"]},
           {"id": "passbank-ios", "type": "native", "firstParty": true,
            "scopes": ["openid", "profile", "offline_access", "accounts", "payments", "passkeys"],
            "redirectURIs": ["com.example.passbank:/oauth2/callback"]}]}
        """

    static func run(_ body: @escaping @Sendable (CeremonyHarness, any TestClientProtocol) async throws -> Void) async throws {
        let deployment = try DeploymentTests.load(file)
        try await BankingHarness.run(configure: { $0.deployment = deployment }, body)
    }

    /// A customer signed in to the bank in this browser.
    static func signedIn(_ username: String, seed: UInt64, client: any TestClientProtocol) async throws -> Browser {
        var browser = Browser(client: client)
        var passkey = CeremonyEndpointTests.synced(seed: seed)
        try #require(try await browser.signUp(username, with: &passkey).status == .created)
        return browser
    }

    static func authorize(
        _ browser: inout Browser,
        client: String = "budget-app",
        redirect: String = budget,
        scope: String = "openid profile accounts",
        _ extra: [(String, String)] = []
    ) async throws -> TestResponse {
        try await browser.get(OAuthFlow.authorizePath(extra, clientID: client, redirect: redirect, scope: scope))
    }

    /// The pending request id of a redirect to the consent page, or `nil` for any other answer.
    static func consentRequest(_ response: TestResponse) -> String? {
        guard response.status == .seeOther, let location = response.headers[.location], location.hasPrefix("/consent/?request=") else {
            return nil
        }
        return OAuthFlow.query(location)["request"]
    }

    struct Question: Decodable {
        struct Client: Decodable {
            var id: String
            var name: String
        }
        struct Account: Decodable {
            var username: String
        }
        var client: Client
        var scopes: [String]
        var account: Account
    }

    struct Next: Decodable { var redirect: String }

    static func answer(
        _ browser: inout Browser,
        request: String,
        _ decision: String,
        headers: HTTPFields = Browser.jsonHeaders
    ) async throws
        -> TestResponse
    {
        try await browser.post("/auth/consent", json: ["request": request, "decision": decision], headers: headers)
    }

    /// Approves the consent question `request` and follows the page back into `/oauth2/authorize`.
    static func approve(_ browser: inout Browser, request: String) async throws -> TestResponse {
        let answered = try await answer(&browser, request: request, "approve")
        try #require(answered.status == .ok, "\(String(buffer: answered.body))")
        let next = try Browser.decode(Next.self, answered)
        #expect(next.redirect == "/oauth2/authorize?request_id=" + request)
        return try await browser.get(next.redirect)
    }

    /// Exchanges a public client's code (PKCE) and answers the access token's `scope`.
    static func grantedScope(_ browser: Browser, code: String, client: String = "budget-app", redirect: String = budget) async throws -> String {
        let exchanged = try await browser.form(
            "/oauth2/token",
            [
                ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirect), ("client_id", client),
                ("code_verifier", OAuthFlow.verifier),
            ]
        )
        try #require(exchanged.status == .ok, "\(String(buffer: exchanged.body))")
        let tokens = try Browser.decode(OAuthFlow.Tokens.self, exchanged)
        var copy = browser
        let jwks = String(buffer: try await copy.get("/oauth2/jwks").body)
        let claims = try await OAuthFlow.verify(tokens.access_token, jwks: jwks).claims
        #expect(claims.client_id == client)
        #expect(tokens.scope == claims.scope)
        return try #require(claims.scope)
    }

    @Test("a signed-in person is asked before a third-party client gets a code; the question names the client, its scopes and the account")
    func consentPageNotCode() async throws {
        try await Self.run { _, client in
            var ada = try await Self.signedIn("ada", seed: 9101, client: client)
            let start = try await Self.authorize(&ada)
            #expect(OAuthFlow.query(start.headers[.location] ?? "")["code"] == nil, "no code before the person agreed")
            let request = try #require(Self.consentRequest(start), "\(start.headers[.location] ?? "")")
            let asked = try await ada.get("/auth/consent?request=" + request)
            #expect(asked.status == .ok)
            #expect(asked.headers[.cacheControl] == "no-store")
            let question = try Browser.decode(Question.self, asked)
            #expect(question.client.id == "budget-app")
            #expect(question.client.name == "Budget App")
            #expect(question.scopes == ["openid", "profile", "accounts"])
            #expect(question.account.username == "ada")
        }
    }

    @Test("approving issues the code, the token carries exactly the approved scopes, and the audit log records the consent")
    func approveIssuesCode() async throws {
        try await Self.run { harness, client in
            var ada = try await Self.signedIn("ada", seed: 9201, client: client)
            let request = try #require(Self.consentRequest(try await Self.authorize(&ada)))
            let resumed = try await Self.approve(&ada, request: request)
            let location = try #require(resumed.headers[.location])
            #expect(location.hasPrefix(Self.budget + "?"))
            let query = OAuthFlow.query(location)
            #expect(query["state"] == "s-123")
            #expect(query["iss"] == CeremonyHarness.origin)
            let scope = try await Self.grantedScope(ada, code: try #require(query["code"]))
            #expect(scope == "openid profile accounts")

            let user = try #require(try harness.database.user(username: "ada"))
            let consent = try #require(try harness.database.consent(userID: user.id, clientID: "budget-app"))
            #expect(consent.scopeSet == ["openid", "profile", "accounts"])
            let given = try harness.database.auditEvents(userID: user.id, limit: 20).filter { $0.kind == .consentGiven }
            #expect(given.count == 1)
            #expect(given.first?.outcome == .ok)
            #expect(given.first?.detail.contains("budget-app") == true)
            // The answered request is gone: it cannot be answered or resumed again.
            #expect(try await Self.answer(&ada, request: request, "approve").status == .gone)
        }
    }

    @Test("denying redirects access_denied with state and iss to the client, and stores no consent")
    func denyIsAccessDenied() async throws {
        try await Self.run { harness, client in
            var ada = try await Self.signedIn("ada", seed: 9301, client: client)
            let request = try #require(Self.consentRequest(try await Self.authorize(&ada)))
            let denied = try await Self.answer(&ada, request: request, "deny")
            #expect(denied.status == .ok)
            let next = try Browser.decode(Next.self, denied)
            let resumed = try await ada.get(next.redirect)
            let location = try #require(resumed.headers[.location])
            #expect(location.hasPrefix(Self.budget + "?"))
            let query = OAuthFlow.query(location)
            #expect(query["error"] == "access_denied")
            #expect(query["state"] == "s-123")
            #expect(query["iss"] == CeremonyHarness.origin)
            #expect(query["code"] == nil)
            let user = try #require(try harness.database.user(username: "ada"))
            #expect(try harness.database.consent(userID: user.id, clientID: "budget-app") == nil)
            #expect(try harness.database.auditEvents(userID: user.id, limit: 20).contains { $0.kind == .consentDenied })
            // The next request asks again.
            #expect(Self.consentRequest(try await Self.authorize(&ada)) != nil)
        }
    }

    @Test("prompt=none without a stored consent answers consent_required (OIDC Core §3.1.2.6); with one it answers a code")
    func promptNone() async throws {
        try await Self.run { _, client in
            var ada = try await Self.signedIn("ada", seed: 9401, client: client)
            let silent = try await Self.authorize(&ada, [("prompt", "none")])
            let query = OAuthFlow.query(silent.headers[.location] ?? "")
            #expect(query["error"] == "consent_required")
            #expect(query["state"] == "s-123")
            #expect(query["iss"] == CeremonyHarness.origin)

            let request = try #require(Self.consentRequest(try await Self.authorize(&ada)))
            _ = try await Self.approve(&ada, request: request)
            let again = try await Self.authorize(&ada, [("prompt", "none")])
            #expect(OAuthFlow.query(again.headers[.location] ?? "")["code"] != nil)
        }
    }

    @Test("a stored consent lets the next request through; a bigger scope set asks again; prompt=consent always asks")
    func storedConsent() async throws {
        try await Self.run { _, client in
            var ada = try await Self.signedIn("ada", seed: 9501, client: client)
            let first = try #require(Self.consentRequest(try await Self.authorize(&ada, scope: "openid accounts")))
            _ = try await Self.approve(&ada, request: first)

            // The same scopes, or fewer: straight through.
            for scope in ["openid accounts", "openid"] {
                let again = try await Self.authorize(&ada, scope: scope)
                #expect(OAuthFlow.query(again.headers[.location] ?? "")["code"] != nil, "\(scope)")
            }
            // One more scope: asked again, and the answer adds to what was given.
            let bigger = try await Self.authorize(&ada, scope: "openid accounts profile")
            let second = try #require(Self.consentRequest(bigger))
            let question = try Browser.decode(Question.self, try await ada.get("/auth/consent?request=" + second))
            #expect(question.scopes == ["openid", "accounts", "profile"])
            let code = try OAuthFlow.item("code", in: try await Self.approve(&ada, request: second))
            #expect(try await Self.grantedScope(ada, code: code) == "openid accounts profile")

            // prompt=consent: asked even though everything is covered, and answered once.
            let forced = try await Self.authorize(&ada, scope: "openid", [("prompt", "consent")])
            let third = try #require(Self.consentRequest(forced))
            #expect(OAuthFlow.query(try await Self.approve(&ada, request: third).headers[.location] ?? "")["code"] != nil)
        }
    }

    @Test("passkeys is refused (invalid_scope) to a client not allowed it, and granted only when the client is allowed it and the person approved it")
    func passkeysScope() async throws {
        try await Self.run { _, client in
            var ada = try await Self.signedIn("ada", seed: 9601, client: client)
            // The default scopes of a deployment client: no passkeys, no payments.
            for scope in ["openid passkeys", "openid payments"] {
                let refused = try await Self.authorize(&ada, scope: scope)
                let query = OAuthFlow.query(refused.headers[.location] ?? "")
                #expect(query["error"] == "invalid_scope", "\(scope)")
                #expect(query["iss"] == CeremonyHarness.origin)
            }

            // A client the operator allowed it: still no code until the person says yes to passkeys.
            let start = try await Self.authorize(&ada, client: "wallet", redirect: Self.wallet, scope: "openid accounts passkeys")
            let request = try #require(Self.consentRequest(start))
            let question = try Browser.decode(Question.self, try await ada.get("/auth/consent?request=" + request))
            #expect(question.scopes.contains("passkeys"))
            let resumed = try await Self.approve(&ada, request: request)
            let code = try OAuthFlow.item("code", in: resumed)
            let scope = try await Self.grantedScope(ada, code: code, client: "wallet", redirect: Self.wallet)
            #expect(scope == "openid accounts passkeys")

            // A consent to accounts only does not stretch to passkeys.
            var bob = try await Self.signedIn("bob", seed: 9602, client: client)
            let small = try #require(
                Self.consentRequest(try await Self.authorize(&bob, client: "wallet", redirect: Self.wallet, scope: "openid accounts"))
            )
            _ = try await Self.approve(&bob, request: small)
            let more = try await Self.authorize(&bob, client: "wallet", redirect: Self.wallet, scope: "openid accounts passkeys")
            #expect(Self.consentRequest(more) != nil, "passkeys needs its own yes")
        }
    }

    @Test("a consent answer from another site is refused (forbidden-origin) and leaves the question open")
    func crossOrigin() async throws {
        try await Self.run { harness, client in
            var ada = try await Self.signedIn("ada", seed: 9701, client: client)
            let request = try #require(Self.consentRequest(try await Self.authorize(&ada)))
            let foreign: HTTPFields = [.contentType: "application/json", .origin: "https://evil.example"]
            let refused = try await Self.answer(&ada, request: request, "approve", headers: foreign)
            #expect(refused.status == .forbidden)
            #expect(BankingHarness.code(refused) == "forbidden-origin")
            let user = try #require(try harness.database.user(username: "ada"))
            #expect(try harness.database.consent(userID: user.id, clientID: "budget-app") == nil)
            // The request still waits for Ada: resuming it asks again, and her own answer works.
            #expect(Self.consentRequest(try await ada.get("/oauth2/authorize?request_id=" + request)) == request)
            #expect(OAuthFlow.query(try await Self.approve(&ada, request: request).headers[.location] ?? "")["code"] != nil)
        }
    }

    @Test("another person's session can neither read nor answer someone's consent question; nobody signed in cannot either")
    func otherPerson() async throws {
        try await Self.run { harness, client in
            var ada = try await Self.signedIn("ada", seed: 9801, client: client)
            let request = try #require(Self.consentRequest(try await Self.authorize(&ada)))
            var mallory = try await Self.signedIn("mallory", seed: 9802, client: client)

            let read = try await mallory.get("/auth/consent?request=" + request)
            #expect(read.status == .forbidden)
            #expect(BankingHarness.code(read) == "consent-other-account")
            let answered = try await Self.answer(&mallory, request: request, "approve")
            #expect(answered.status == .forbidden)
            #expect(BankingHarness.code(answered) == "consent-other-account")
            var nobody = Browser(client: client)
            let anonymous = try await Self.answer(&nobody, request: request, "approve")
            #expect(anonymous.status == .unauthorized)
            #expect(BankingHarness.code(anonymous) == "sign-in-required")

            let ids = try ["ada", "mallory"].map { try #require(try harness.database.user(username: $0)).id }
            #expect(try harness.database.consent(userID: ids[0], clientID: "budget-app") == nil)
            #expect(try harness.database.consent(userID: ids[1], clientID: "budget-app") == nil)
            let refusals = try harness.database.auditEvents(userID: ids[1], limit: 20).filter { $0.kind == .consentGiven }
            #expect(refusals.map(\.outcome) == [.refused])
            // Ada's question is untouched: she can still answer it.
            #expect(OAuthFlow.query(try await Self.approve(&ada, request: request).headers[.location] ?? "")["code"] != nil)
        }
    }

    @Test("first-party clients (passbank-web, a deployment client marked firstParty) are never asked")
    func firstParty() async throws {
        try await Self.run { _, client in
            var ada = try await Self.signedIn("ada", seed: 9901, client: client)
            let web = try await ada.get(OAuthFlow.authorizePath(scope: BankCustomer.scope))
            #expect(OAuthFlow.query(web.headers[.location] ?? "")["code"] != nil)
            let ios = try await Self.authorize(
                &ada,
                client: "passbank-ios",
                redirect: "com.example.passbank:/oauth2/callback",
                scope: BankCustomer.scope,
                [("prompt", "consent")]
            )
            #expect(ios.headers[.location]?.hasPrefix("com.example.passbank:/oauth2/callback?code=") == true)
        }
    }

    struct Consents: Decodable {
        struct Consent: Decodable {
            struct Client: Decodable {
                var id: String
                var name: String
            }
            var client: Client
            var scopes: [String]
        }
        var consents: [Consent]
    }

    @Test("the person lists and withdraws consents from the bank's app; withdrawing revokes the client's tokens and asks again")
    func withdraw() async throws {
        try await Self.run { harness, client in
            var customer = try await BankCustomer.signUp("ada", seed: 9111, client: client)
            let request = try #require(Self.consentRequest(try await Self.authorize(&customer.browser, scope: "openid accounts offline_access")))
            let code = try #require(OAuthFlow.query(try await Self.approve(&customer.browser, request: request).headers[.location] ?? "")["code"])
            let exchanged = try await customer.browser.form(
                "/oauth2/token",
                [
                    ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", Self.budget), ("client_id", "budget-app"),
                    ("code_verifier", OAuthFlow.verifier),
                ]
            )
            let partner = try Browser.decode(OAuthFlow.Tokens.self, exchanged)
            #expect(try await customer.api(.get, "/api/accounts", token: partner.access_token).status == .ok)

            let listed = try await customer.api(.get, "/api/consents")
            #expect(listed.status == .ok)
            let consents = try Browser.decode(Consents.self, listed).consents
            #expect(consents.map(\.client.id) == ["budget-app"])
            #expect(consents.first?.client.name == "Budget App")
            #expect(consents.first?.scopes == ["accounts", "offline_access", "openid"])

            // The partner's own token can neither see nor withdraw what the person gave apps.
            let byPartner = try await customer.api(.get, "/api/consents", token: partner.access_token)
            #expect(byPartner.status == .forbidden)
            #expect(BankingHarness.code(byPartner) == "first-party-only")
            #expect(try await customer.api(.delete, "/api/consents/budget-app", token: partner.access_token).status == .forbidden)

            #expect(try await customer.api(.delete, "/api/consents/budget-app").status == .noContent)
            #expect(try await customer.api(.get, "/api/accounts", token: partner.access_token).status == .unauthorized)
            let refresh = try await customer.browser.form(
                "/oauth2/token",
                [("grant_type", "refresh_token"), ("refresh_token", try #require(partner.refresh_token)), ("client_id", "budget-app")]
            )
            #expect(try Browser.decode(OAuthFlow.ErrorBody.self, refresh).error == "invalid_grant")
            let again = try await customer.api(.delete, "/api/consents/budget-app")
            #expect(again.status == .notFound)
            #expect(BankingHarness.code(again) == "consent-not-found")
            #expect(Self.consentRequest(try await Self.authorize(&customer.browser)) != nil)
            let user = try #require(try harness.database.user(username: "ada"))
            #expect(try harness.database.auditEvents(userID: user.id, limit: 50).contains { $0.kind == .consentWithdrawn && $0.outcome == .ok })
            // The bank's own app keeps working.
            #expect(try await customer.api(.get, "/api/accounts").status == .ok)
        }
    }
}
