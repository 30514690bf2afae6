public import Foundation

/// What `/oauth2/authorize` does next for a request, given the browser's provider session and what
/// the person has agreed to give the client.
public enum AuthenticationDecision: Sendable, Hashable {
    /// The session already satisfies the request: issue a code carrying this event's `acr`/`amr`/`auth_time`.
    case satisfied(AuthenticationEvent)
    /// The person is signed in (this event would answer), but has not agreed to give this
    /// third-party client every scope it asks for: show them the consent page (OIDC Core §3.1.2.4).
    case needsConsent(AuthenticationEvent)
    /// Send the person to sign in (or step up). `acr` is the level to reach (allow only credentials
    /// at that level), `maxAge` the age it must meet, `subject` the person who must authenticate
    /// (set for a step-up: a different person signing in does not raise this session).
    case needsInteraction(acr: AuthenticationContextClass?, maxAge: Int?, subject: String?)
    /// The request cannot be met: redirect this error (with `state` and `iss`).
    case failed(OAuthError)

    /// Decides, without I/O, how to answer an authorization request.
    ///
    /// - Parameters:
    ///   - request: The validated authorization request.
    ///   - client: The request's client: a third party's person must consent to its scopes.
    ///   - session: The browser's provider session, if any. When `login_hint` names a different person
    ///     than the session's, pass `nil`: that session must not answer for someone else.
    ///   - consent: What the session's person has agreed to give `client`, if anything.
    ///   - highAssuranceAvailable: Whether the person who would authenticate (the session's subject,
    ///     or the one named by `login_hint`) has a passkey that counts for `phrh` now; `nil` when that
    ///     person is not known yet.
    ///   - storedAt: For a request resumed from the sign-in, step-up or consent page, when it was
    ///     stored: `prompt=login` and `prompt=consent` then count only what happened after it.
    ///   - now: The current time.
    public static func decide(
        for request: AuthorizationRequest,
        client: OAuthClient,
        session: AuthenticationSession?,
        consent: Consent?,
        highAssuranceAvailable: Bool?,
        storedAt: Date? = nil,
        now: Date
    ) -> AuthenticationDecision {
        var request = request
        var session = session
        var consent = consent
        if let storedAt {
            // OIDC Core §3.1.2.1 prompt=login: only an authentication after the request counts
            if request.prompt.remove(.login) != nil {
                session = session.map { session in
                    AuthenticationSession(id: session.id, subject: session.subject, events: session.events.filter { $0.authTime >= storedAt })
                }
            }
            // OIDC Core §3.1.2.1 prompt=consent: only a consent given after the request counts
            if request.prompt.remove(.consent) != nil {
                consent = consent.flatMap { $0.grantedAt >= storedAt ? $0 : nil }
            }
        }
        let requirement = request.acrRequirement
        // EAP ACR Values 1.0 §3: a level the person cannot reach is unmet, not an endless sign-in
        // loop. A signed-in person asked voluntarily (acr_values, RFC 9470 step-up) is instead sent
        // to the step-up page, which offers to add a security key (DESIGN.md flow 5); an essential
        // claim, or nobody signed in to add a key, fails at once.
        if requirement.minimum == .phrh, highAssuranceAvailable == false, requirement.isEssential || session == nil {
            return .failed(.unmetAuthenticationRequirements("This account has no passkey that meets the requested assurance level."))
        }
        // OIDC Core §3.1.2.1: prompt=login forces a fresh authentication
        if request.prompt.contains(.login) {
            return .needsInteraction(acr: requirement.minimum, maxAge: requirement.maxAge, subject: nil)
        }
        if let session, let event = session.satisfyingEvent(for: requirement, now: now) {
            return consentStep(for: request, client: client, consent: consent, event: event)
        }
        if request.prompt.contains(.none) {
            // OIDC Core §3.1.2.6: prompt=none never shows a page
            guard let session, session.satisfyingEvent(for: ACRRequirement(maxAge: requirement.maxAge), now: now) != nil else {
                return .failed(.loginRequired("The person must sign in."))
            }
            return .failed(.interactionRequired("The person must confirm with a stronger passkey."))
        }
        // A step-up: the session's subject must authenticate again at the requested level.
        return .needsInteraction(acr: requirement.minimum, maxAge: requirement.maxAge, subject: session?.subject)
    }

    /// Once the person is signed in: whether they must first agree to what the client asks for.
    static func consentStep(
        for request: AuthorizationRequest,
        client: OAuthClient,
        consent: Consent?,
        event: AuthenticationEvent
    ) -> AuthenticationDecision {
        // The bank's own apps act for the bank: there is no third party to consent to.
        if client.isFirstParty { return .satisfied(event) }
        // OIDC Core §3.1.2.4: a stored consent answers only for the scopes it covers, and
        // prompt=consent (OIDC Core §3.1.2.1) asks even then
        if !request.prompt.contains(.consent), let consent, consent.covers(request.scopes) {
            return .satisfied(event)
        }
        // OIDC Core §3.1.2.6: prompt=none never shows a page
        if request.prompt.contains(.none) {
            return .failed(.consentRequired("The person has not allowed this client what it asks for."))
        }
        return .needsConsent(event)
    }
}
