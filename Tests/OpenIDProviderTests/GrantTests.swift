import Foundation
import OpenIDProvider
import Testing

@Suite("Token endpoint grants (RFC 6749 §4.1.3, §6; RFC 9700 §4.14)")
struct GrantTests {
    let web = Fixtures.clients.client(id: "passbank-web")!
    let partner = Fixtures.clients.client(id: "partner")!

    func issueCode(_ changes: [String: String?] = ["scope": "openid offline_access"]) throws -> (String, AuthorizationCodeRecord) {
        var generator = SeededGenerator(seed: 1)
        let request = try Fixtures.validRequest(changes)
        return AuthorizationCodeRecord.issue(
            for: request,
            client: web,
            event: Fixtures.event(acr: .phrh),
            sessionID: "sid-1",
            now: Fixtures.now,
            using: &generator
        )
    }

    func redeem(
        _ record: AuthorizationCodeRecord?,
        code: String,
        client: OAuthClient? = nil,
        redirectURI: String? = Fixtures.webRedirect,
        verifier: String? = Fixtures.verifier,
        at now: Date = Fixtures.now
    ) -> GrantDecision<AuthorizationCodeRecord> {
        AuthorizationCodeGrant.decide(record: record, code: code, client: client ?? web, redirectURI: redirectURI, codeVerifier: verifier, now: now)
    }

    @Test("A code is stored only as its hash and redeems once")
    func codeSingleUse() throws {
        let (code, record) = try issueCode()
        #expect(record.codeHash == OpaqueToken.hash(code))
        #expect(record.expiresAt == Fixtures.now.addingTimeInterval(60))
        #expect(record.issuesRefreshToken)
        let granted = try #require(redeem(record, code: code).grant)
        #expect(granted.event.acr == .phrh)
        #expect(granted.nonce == "n-456")
        var used = record
        used.isUsed = true
        let reuse = redeem(used, code: code)
        #expect(reuse.error == .invalidGrant(""))
        // RFC 6749 §4.1.2: what the code issued is revoked
        #expect(reuse.familyToRevoke == record.familyID)
    }

    @Test(
        "Bad code exchanges are invalid_grant and revoke nothing",
        arguments: ["unknown", "wrong code", "other client", "expired", "redirect mismatch", "redirect missing", "wrong verifier", "no verifier"]
    )
    func badExchanges(_ name: String) throws {
        let (code, record) = try issueCode()
        let decision: GrantDecision<AuthorizationCodeRecord> =
            switch name {
            case "unknown": redeem(nil, code: code)
            case "wrong code": redeem(record, code: code + "x")
            case "other client": redeem(record, code: code, client: partner)
            case "expired": redeem(record, code: code, at: Fixtures.now.addingTimeInterval(60))
            case "redirect mismatch": redeem(record, code: code, redirectURI: Fixtures.webRedirect + "x")
            case "redirect missing": redeem(record, code: code, redirectURI: nil)
            case "wrong verifier": redeem(record, code: code, verifier: String(repeating: "A", count: 43))
            default: redeem(record, code: code, verifier: nil)
            }
        #expect(decision.error == .invalidGrant(""))
        #expect(decision.familyToRevoke == nil)
    }

    @Test("A verifier presented for a code without a challenge is refused (PKCE downgrade, RFC 9700 §2.1.1)")
    func pkceDowngrade() throws {
        var (code, record) = try issueCode()
        record.codeChallenge = nil
        record.clientID = "partner"
        #expect(redeem(record, code: code, client: partner).error == .invalidGrant(""))
        #expect(redeem(record, code: code, client: partner, verifier: nil).grant != nil)
    }

    @Test("Refresh tokens rotate, carry acr/amr/auth_time unchanged, and reuse revokes the family")
    func refreshRotation() throws {
        let (_, code) = try issueCode()
        var generator = SeededGenerator(seed: 2)
        let (first, firstRecord) = RefreshTokenRecord.issueFirst(from: code, now: Fixtures.now, using: &generator)
        #expect(firstRecord.tokenHash == OpaqueToken.hash(first))
        let later = Fixtures.now.addingTimeInterval(3600)
        let rotation = try #require(
            RefreshTokenGrant.decide(record: firstRecord, token: first, familyRevoked: false, client: web, scope: nil, now: later, using: &generator)
                .grant
        )
        #expect(rotation.used.isUsed)
        #expect(rotation.newToken != first)
        #expect(rotation.newRecord.familyID == firstRecord.familyID)
        #expect(rotation.newRecord.parentHash == firstRecord.tokenHash)
        #expect(rotation.newRecord.event == firstRecord.event)
        #expect(rotation.newRecord.absoluteExpiresAt == firstRecord.absoluteExpiresAt)
        // Reuse of the rotated token: refuse and revoke the whole family (RFC 9700 §4.14.2)
        let reuse = RefreshTokenGrant.decide(
            record: rotation.used,
            token: first,
            familyRevoked: false,
            client: web,
            scope: nil,
            now: later,
            using: &generator
        )
        #expect(reuse.error == .invalidGrant(""))
        #expect(reuse.familyToRevoke == firstRecord.familyID)
        // And the successor is then refused because its family is revoked
        let successor = RefreshTokenGrant.decide(
            record: rotation.newRecord,
            token: rotation.newToken,
            familyRevoked: true,
            client: web,
            scope: nil,
            now: later,
            using: &generator
        )
        #expect(successor.error == .invalidGrant(""))
    }

    @Test("Refresh refusals: unknown, other client, absolute expiry, widened scope")
    func refreshRefusals() throws {
        let (_, code) = try issueCode()
        var generator = SeededGenerator(seed: 3)
        let (token, record) = RefreshTokenRecord.issueFirst(from: code, now: Fixtures.now, absoluteLifetime: 100, using: &generator)
        func decide(
            _ record: RefreshTokenRecord?,
            _ token: String,
            client: OAuthClient? = nil,
            scope: String? = nil,
            at: TimeInterval = 10
        ) -> GrantDecision<RefreshTokenGrant.Rotation> {
            RefreshTokenGrant.decide(
                record: record,
                token: token,
                familyRevoked: false,
                client: client ?? web,
                scope: scope,
                now: Fixtures.now.addingTimeInterval(at),
                using: &generator
            )
        }
        #expect(decide(nil, token).error == .invalidGrant(""))
        #expect(decide(record, "x" + token).error == .invalidGrant(""))
        #expect(decide(record, token, client: partner).error == .invalidGrant(""))
        #expect(decide(record, token, at: 100).error == .invalidGrant(""))
        #expect(decide(record, token, scope: "openid profile").error == .invalidScope(""))
        let narrowed = try #require(decide(record, token, scope: "openid").grant)
        #expect(narrowed.newRecord.scope == "openid")
    }

    @Test("Token requests: grant types and client authentication")
    func tokenRequests() throws {
        let code = try TokenRequest(
            RequestParameters(urlEncoded: "grant_type=authorization_code&code=abc&redirect_uri=x&code_verifier=v"),
            client: web
        )
        #expect(code == .authorizationCode(code: "abc", redirectURI: "x", codeVerifier: "v"))
        #expect(throws: OAuthError.unsupportedGrantType("")) { try TokenRequest(RequestParameters(urlEncoded: "grant_type=password"), client: web) }
        #expect(throws: OAuthError.invalidRequest("")) { try TokenRequest(RequestParameters(urlEncoded: "code=abc"), client: web) }
        #expect(throws: OAuthError.invalidRequest("")) { try TokenRequest(RequestParameters(urlEncoded: "grant_type=refresh_token"), client: web) }
        var codeOnly = web
        codeOnly.grantTypes = [GrantType.authorizationCode]
        #expect(throws: OAuthError.unauthorizedClient("")) {
            try TokenRequest(RequestParameters(urlEncoded: "grant_type=refresh_token&refresh_token=r"), client: codeOnly)
        }
    }

    @Test("Client authentication: public by client_id, confidential by client_secret_basic")
    func clientAuthentication() throws {
        let registry = Fixtures.clients
        #expect(try registry.authenticate(authorizationHeader: nil, clientIDParameter: "passbank-web").id == "passbank-web")
        let basic = "Basic " + Data("partner:s3cret-value".utf8).base64EncodedString()
        #expect(try registry.authenticate(authorizationHeader: basic, clientIDParameter: nil).id == "partner")
        let wrong = "Basic " + Data("partner:nope".utf8).base64EncodedString()
        #expect(throws: OAuthError.invalidClient("")) { try registry.authenticate(authorizationHeader: wrong, clientIDParameter: nil) }
        #expect(throws: OAuthError.invalidClient("")) { try registry.authenticate(authorizationHeader: nil, clientIDParameter: "partner") }
        #expect(throws: OAuthError.invalidClient("")) { try registry.authenticate(authorizationHeader: nil, clientIDParameter: "nobody") }
        #expect(throws: OAuthError.invalidClient("")) { try registry.authenticate(authorizationHeader: basic, clientIDParameter: "passbank-web") }
        #expect(throws: OAuthError.invalidRequest("")) { try registry.authenticate(authorizationHeader: "Basic !!!", clientIDParameter: nil) }
    }
}
