import Foundation
import OpenIDProvider
import Testing

@Suite("Consent decisions (OIDC Core §3.1.2.4)")
struct ConsentDecisionTests {
    let event = Fixtures.event(acr: .phr)
    var session: AuthenticationSession { AuthenticationSession(id: "sid-1", firstEvent: event) }

    /// A request of the third-party client `partner` (`openid profile` unless `scope` says otherwise).
    func partnerRequest(_ changes: [String: String?] = [:]) throws -> AuthorizationRequest {
        var all: [String: String?] = ["client_id": "partner", "redirect_uri": "https://partner.example/cb?tenant=1"]
        all.merge(changes) { _, new in new }
        return try Fixtures.validRequest(all)
    }

    func decide(
        _ request: AuthorizationRequest,
        client: OAuthClient = Fixtures.confidential,
        session: AuthenticationSession?,
        consent: Consent?,
        storedAt: Date? = nil
    ) -> AuthenticationDecision {
        AuthenticationDecision.decide(
            for: request,
            client: client,
            session: session,
            consent: consent,
            highAssuranceAvailable: true,
            storedAt: storedAt,
            now: Fixtures.now
        )
    }

    @Test("clients are third parties unless marked; the bank's web client is first-party")
    func thirdPartyByDefault() {
        #expect(!Fixtures.confidential.isFirstParty)
        #expect(Fixtures.confidential.name == "partner")
        #expect(Fixtures.web.isFirstParty)
        #expect(!Scope.configuredDefault.contains(Scope.passkeys))
        #expect(!Scope.configuredDefault.contains(Scope.payments))
    }

    @Test("a signed-in person who has not consented is asked; a consent that covers the scopes answers")
    func asksUntilCovered() throws {
        let request = try partnerRequest(["scope": "openid accounts"])
        #expect(decide(request, session: session, consent: nil) == .needsConsent(event))
        let narrower = Consent(scopes: ["openid"], grantedAt: Fixtures.now)
        #expect(decide(request, session: session, consent: narrower) == .needsConsent(event))
        let covering = narrower.adding(["accounts"], at: Fixtures.now)
        #expect(covering.scopes == ["openid", "accounts"])
        #expect(decide(request, session: session, consent: covering) == .satisfied(event))
    }

    @Test("nobody signed in: sign in first; prompt=none then says login_required, not consent_required")
    func authenticationFirst() throws {
        #expect(decide(try partnerRequest(), session: nil, consent: nil) == .needsInteraction(acr: nil, maxAge: nil, subject: nil))
        #expect(decide(try partnerRequest(["prompt": "none"]), session: nil, consent: nil) == .failed(.loginRequired("")))
    }

    @Test("prompt=none without a consent is consent_required (OIDC Core §3.1.2.6)")
    func promptNone() throws {
        let request = try partnerRequest(["prompt": "none"])
        #expect(decide(request, session: session, consent: nil) == .failed(.consentRequired("")))
        let covering = Consent(scopes: ["openid", "profile"], grantedAt: Fixtures.now.addingTimeInterval(-86_400))
        #expect(decide(request, session: session, consent: covering) == .satisfied(event))
    }

    @Test("prompt=consent asks even when covered; back from the consent page only a consent given after the request counts")
    func promptConsent() throws {
        let request = try partnerRequest(["prompt": "consent"])
        let storedAt = Fixtures.now.addingTimeInterval(-60)
        let old = Consent(scopes: ["openid", "profile"], grantedAt: storedAt.addingTimeInterval(-1))
        #expect(decide(request, session: session, consent: old) == .needsConsent(event))
        #expect(decide(request, session: session, consent: old, storedAt: storedAt) == .needsConsent(event))
        let fresh = Consent(scopes: ["openid", "profile"], grantedAt: storedAt)
        #expect(decide(request, session: session, consent: fresh, storedAt: storedAt) == .satisfied(event))
    }

    @Test("a first-party client is never asked, not even with prompt=consent")
    func firstParty() throws {
        let request = try Fixtures.validRequest(["prompt": "consent"])
        #expect(decide(request, client: Fixtures.web, session: session, consent: nil) == .satisfied(event))
    }

    @Test("back from the sign-in page with prompt=login, only an authentication after the request counts")
    func promptLoginResumed() throws {
        let request = try Fixtures.validRequest(["prompt": "login"])
        let storedAt = Fixtures.now.addingTimeInterval(-5)
        let before = AuthenticationSession(id: "sid-1", firstEvent: Fixtures.event(acr: .phr, secondsAgo: 10))
        #expect(
            decide(request, client: Fixtures.web, session: before, consent: nil, storedAt: storedAt)
                == .needsInteraction(acr: nil, maxAge: nil, subject: "user-1")
        )
        var after = before
        after.record(Fixtures.event(acr: .phr, secondsAgo: 1))
        #expect(decide(request, client: Fixtures.web, session: after, consent: nil, storedAt: storedAt) == .satisfied(after.events[1]))
    }
}
