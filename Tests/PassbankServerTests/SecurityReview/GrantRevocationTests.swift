import FIDOMetadata
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PassbankServer
import Storage
import Testing
import WebAuthn
import WebAuthnTestSupport

/// Security review, finding 2: removing a passkey left the attacker's refresh token, provider
/// session and access tokens working. Removing a passkey, signing out, and a code redeemed twice
/// now revoke what came from them, and the banking API refuses a revoked grant on the next request.
@Suite("Security review 2: a revoked grant is refused at once")
struct GrantRevocationTests {
    static func accounts(_ token: String, client: any TestClientProtocol) async throws -> TestResponse {
        try await client.execute(uri: "/api/accounts", method: .get, headers: [.authorization: "Bearer \(token)"], body: nil)
    }

    @Test("removing a stolen synced passkey evicts the attacker's session, refresh token and access token")
    func passkeyRemoval() async throws {
        let key = try OAuthFlow.SecurityKey(seed: 41, now: TestClock().now)
        try await BankingHarness.run(anchors: [key.anchor]) { _, client in
            var ada = try await BankCustomer.signUp("ada", seed: 4101, client: client)
            try await ada.addSecurityKey(key)
            let stolen = try #require(ada.passkey.credentials.first)

            // The attacker holds a copy of the synced passkey and signs in with it elsewhere.
            var attacker = BankCustomer(browser: Browser(client: client), passkey: ada.passkey, token: "")
            #expect(try await attacker.browser.signIn("ada", with: &attacker.passkey).status == .ok)
            let attackerTokens = try await attacker.authorizeTokens()
            #expect(try await Self.accounts(attackerTokens.access_token, client: client).status == .ok)

            // Ada steps up with her security key and removes the synced passkey.
            let strong = try await ada.stepUp()
            let removed = try await ada.api(.delete, "/api/passkeys/" + Base64URL.encode(stolen.id), token: strong)
            #expect(removed.status == .noContent)

            // The attacker's access token, refresh token and session are dead.
            let refused = try await Self.accounts(attackerTokens.access_token, client: client)
            #expect(refused.status == .unauthorized)
            #expect(BankingHarness.code(refused) == "token-invalid")
            let refresh = try await attacker.refresh(try #require(attackerTokens.refresh_token))
            #expect(try Browser.decode(OAuthFlow.ErrorBody.self, refresh).error == "invalid_grant")
            let silent = try await attacker.browser.get(OAuthFlow.authorizePath([("prompt", "none")]))
            #expect(OAuthFlow.query(silent.headers[.location] ?? "")["error"] == "login_required")

            // Ada's own session and token, which proved a fresh phrh to remove it, carry on.
            #expect(try await Self.accounts(strong, client: client).status == .ok)
        }
    }

    @Test("signing out refuses the session's access tokens and refresh tokens at once")
    func signOut() async throws {
        try await BankingHarness.run { _, client in
            var ada = try await BankCustomer.signUp("ada", seed: 4201, client: client)
            let tokens = try await ada.authorizeTokens()
            #expect(try await Self.accounts(tokens.access_token, client: client).status == .ok)
            let hint = try #require(tokens.id_token)
            let logout = try await ada.browser.get("/oauth2/logout?" + OAuthFlow.encode([("id_token_hint", hint)]))
            #expect(logout.status.code < 400)
            #expect(try await Self.accounts(tokens.access_token, client: client).status == .unauthorized)
            #expect(try await Self.accounts(ada.token, client: client).status == .unauthorized, "an earlier grant of the session too")
            let refresh = try await ada.refresh(try #require(tokens.refresh_token))
            #expect(try Browser.decode(OAuthFlow.ErrorBody.self, refresh).error == "invalid_grant")
        }
    }

    @Test("a code redeemed twice: the access token of the first exchange is refused (RFC 6749 §4.1.2)")
    func codeReuse() async throws {
        try await BankingHarness.run { _, client in
            let ada = try await BankCustomer.signUp("ada", seed: 4301, client: client)
            var browser = ada.browser
            let start = try await browser.get(OAuthFlow.authorizePath([], scope: BankCustomer.scope))
            let code = try OAuthFlow.item("code", in: start)
            let first = try await OAuthCodeFlowTests.exchange(browser, code: code)
            let token = try Browser.decode(OAuthFlow.Tokens.self, first).access_token
            #expect(try await Self.accounts(token, client: client).status == .ok)
            let second = try await OAuthCodeFlowTests.exchange(browser, code: code)
            #expect(second.status == .badRequest)
            #expect(try await Self.accounts(token, client: client).status == .unauthorized)
        }
    }

    @Test("revoking the refresh token (RFC 7009) refuses its family's access tokens too")
    func revocation() async throws {
        try await BankingHarness.run { _, client in
            var ada = try await BankCustomer.signUp("ada", seed: 4401, client: client)
            let tokens = try await ada.authorizeTokens()
            let revoke = try await ada.browser.form(
                "/oauth2/revoke",
                [("token", try #require(tokens.refresh_token)), ("client_id", "passbank-web")]
            )
            #expect(revoke.status == .ok)
            #expect(try await Self.accounts(tokens.access_token, client: client).status == .unauthorized)
            #expect(try await Self.accounts(ada.token, client: client).status == .ok, "another grant of the same session is not touched")
            // An access token revoked by its own client (RFC 7009 §2) takes its grant with it.
            let byAccessToken = try await ada.browser.form("/oauth2/revoke", [("token", ada.token), ("client_id", "passbank-web")])
            #expect(byAccessToken.status == .ok)
            #expect(try await Self.accounts(ada.token, client: client).status == .unauthorized)
        }
    }
}
