import Foundation
import OpenIDProvider
import Testing

@Suite("ACR decisions and step-up")
struct AuthenticationDecisionTests {
    func session(_ events: AuthenticationEvent...) -> AuthenticationSession {
        var session = AuthenticationSession(id: "sid-1", firstEvent: events[0])
        for event in events.dropFirst() { session.record(event) }
        return session
    }

    @Test("phrh satisfies phr; phr and pwd do not satisfy phrh")
    func ordering() {
        #expect(AuthenticationContextClass.phrh.satisfies(.phr))
        #expect(AuthenticationContextClass.phrh.satisfies(.phrh))
        #expect(!AuthenticationContextClass.phr.satisfies(.phrh))
        #expect(!AuthenticationContextClass.pwd.satisfies(.phr))
    }

    @Test("A phrh session satisfies a phr request")
    func phrhSatisfiesPHR() throws {
        let request = try Fixtures.validRequest(["acr_values": "phr"])
        let event = Fixtures.event(acr: .phrh)
        let decision = AuthenticationDecision.decide(for: request, session: session(event), highAssuranceAvailable: true, now: Fixtures.now)
        #expect(decision == .satisfied(event))
    }

    @Test("An authentication older than max_age needs a new one")
    func maxAgeExpiry() throws {
        let request = try Fixtures.validRequest(["acr_values": "phrh", "max_age": "300"])
        let old = Fixtures.event(acr: .phrh, secondsAgo: 301)
        let decision = AuthenticationDecision.decide(for: request, session: session(old), highAssuranceAvailable: true, now: Fixtures.now)
        #expect(decision == .needsInteraction(acr: .phrh, maxAge: 300, subject: "user-1"))
        let fresh = Fixtures.event(acr: .phrh, secondsAgo: 300)
        #expect(
            AuthenticationDecision.decide(for: request, session: session(fresh), highAssuranceAvailable: true, now: Fixtures.now) == .satisfied(fresh)
        )
    }

    @Test("A step-up raises the session only for the same subject")
    func otherSubjectIgnored() throws {
        var current = session(Fixtures.event("user-1", acr: .phr, secondsAgo: 100))
        let recordedOther = current.record(Fixtures.event("user-2", acr: .phrh, secondsAgo: 5))
        #expect(!recordedOther)
        let restored = AuthenticationSession(id: "sid-1", subject: "user-1", events: [Fixtures.event("user-2", acr: .phrh)])
        #expect(restored.events.isEmpty)
        let request = try Fixtures.validRequest(["acr_values": "phrh", "max_age": "300"])
        let decision = AuthenticationDecision.decide(for: request, session: current, highAssuranceAvailable: true, now: Fixtures.now)
        #expect(decision == .needsInteraction(acr: .phrh, maxAge: 300, subject: "user-1"))
        let stepUp = Fixtures.event("user-1", acr: .phrh, secondsAgo: 5)
        let recorded = current.record(stepUp)
        #expect(recorded)
        #expect(AuthenticationDecision.decide(for: request, session: current, highAssuranceAvailable: true, now: Fixtures.now) == .satisfied(stepUp))
    }

    @Test("A step-up counts only while max_age holds; then the session is back to its base level")
    func stepUpOnlyForMaxAge() throws {
        let current = session(Fixtures.event(acr: .phr, secondsAgo: 4000), Fixtures.event(acr: .phrh, secondsAgo: 400))
        let stepUp = try Fixtures.validRequest(["acr_values": "phrh", "max_age": "300"])
        #expect(
            AuthenticationDecision.decide(for: stepUp, session: current, highAssuranceAvailable: true, now: Fixtures.now)
                == .needsInteraction(acr: .phrh, maxAge: 300, subject: "user-1")
        )
        let plain = try Fixtures.validRequest()
        #expect(
            AuthenticationDecision.decide(for: plain, session: current, highAssuranceAvailable: true, now: Fixtures.now)
                == .satisfied(current.events[1])
        )
    }

    @Test("prompt=none without a session is login_required")
    func promptNoneWithoutSession() throws {
        let request = try Fixtures.validRequest(["prompt": "none"])
        let decision = AuthenticationDecision.decide(for: request, session: nil, highAssuranceAvailable: nil, now: Fixtures.now)
        #expect(decision == .failed(.loginRequired("")))
    }

    @Test("prompt=none with a session too weak for the acr is interaction_required")
    func promptNoneNeedsStepUp() throws {
        let request = try Fixtures.validRequest(["prompt": "none", "acr_values": "phrh"])
        let decision = AuthenticationDecision.decide(
            for: request,
            session: session(Fixtures.event(acr: .phr)),
            highAssuranceAvailable: true,
            now: Fixtures.now
        )
        #expect(decision == .failed(.interactionRequired("")))
        let satisfied = AuthenticationDecision.decide(
            for: try Fixtures.validRequest(["prompt": "none"]),
            session: session(Fixtures.event(acr: .phr)),
            highAssuranceAvailable: true,
            now: Fixtures.now
        )
        #expect(satisfied == .satisfied(Fixtures.event(acr: .phr)))
    }

    @Test("An essential phrh for a person without a hardware passkey is unmet_authentication_requirements")
    func unmet() throws {
        let request = try Fixtures.validRequest(["claims": #"{"id_token":{"acr":{"essential":true,"value":"phrh"}}}"#])
        let decision = AuthenticationDecision.decide(
            for: request,
            session: session(Fixtures.event(acr: .phr)),
            highAssuranceAvailable: false,
            now: Fixtures.now
        )
        #expect(decision == .failed(.unmetAuthenticationRequirements("")))
    }

    @Test("A voluntary phrh step-up for a signed-in person without a hardware passkey goes to the step-up page, which offers to add one")
    func voluntaryStepUpWithoutKey() throws {
        let request = try Fixtures.validRequest(["acr_values": "phrh", "max_age": "300"])
        let signedIn = AuthenticationDecision.decide(
            for: request,
            session: session(Fixtures.event(acr: .phr)),
            highAssuranceAvailable: false,
            now: Fixtures.now
        )
        #expect(signedIn == .needsInteraction(acr: .phrh, maxAge: 300, subject: "user-1"))
        // Nobody signed in to add a key: unmet at once, not a sign-in that cannot succeed.
        let anonymous = AuthenticationDecision.decide(for: request, session: nil, highAssuranceAvailable: false, now: Fixtures.now)
        #expect(anonymous == .failed(.unmetAuthenticationRequirements("")))
    }

    @Test("prompt=login always asks again, even with a satisfying session")
    func promptLogin() throws {
        let request = try Fixtures.validRequest(["prompt": "login"])
        let decision = AuthenticationDecision.decide(
            for: request,
            session: session(Fixtures.event(acr: .phrh)),
            highAssuranceAvailable: true,
            now: Fixtures.now
        )
        #expect(decision == .needsInteraction(acr: nil, maxAge: nil, subject: nil))
    }
}

extension AuthenticationDecision {
    /// A decision for the bank's own (first-party) web client, where no consent is asked: what the
    /// ACR tests above are about. ConsentDecisionTests covers third-party clients.
    static func decide(
        for request: AuthorizationRequest,
        session: AuthenticationSession?,
        highAssuranceAvailable: Bool?,
        now: Date
    ) -> AuthenticationDecision {
        decide(for: request, client: Fixtures.web, session: session, consent: nil, highAssuranceAvailable: highAssuranceAvailable, now: now)
    }
}
