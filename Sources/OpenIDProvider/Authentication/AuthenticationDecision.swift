public import Foundation

/// What `/oauth2/authorize` does next for a request, given the browser's provider session.
public enum AuthenticationDecision: Sendable, Hashable {
    /// The session already satisfies the request: issue a code carrying this event's `acr`/`amr`/`auth_time`.
    case satisfied(AuthenticationEvent)
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
    ///   - session: The browser's provider session, if any. When `login_hint` names a different person
    ///     than the session's, pass `nil`: that session must not answer for someone else.
    ///   - highAssuranceAvailable: Whether the person who would authenticate (the session's subject,
    ///     or the one named by `login_hint`) has a passkey that counts for `phrh` now; `nil` when that
    ///     person is not known yet.
    ///   - now: The current time.
    public static func decide(
        for request: AuthorizationRequest,
        session: AuthenticationSession?,
        highAssuranceAvailable: Bool?,
        now: Date
    ) -> AuthenticationDecision {
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
            return .satisfied(event)
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
}
