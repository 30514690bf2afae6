import Foundation
import HTTPTypes
import Hummingbird
import OpenIDProvider
import Storage
import WebAuthn

/// `GET /oauth2/authorize` (RFC 6749 §4.1.1, OIDC Core §3.1.2): validates the request, answers from
/// the provider session when it satisfies the requested `acr`/`max_age` (and, for a third-party
/// client, the person has consented to its scopes), and otherwise keeps the request and sends the
/// browser to sign in, step up or consent with only the request's id.
struct AuthorizeController: Sendable {
    let environment: OAuthEnvironment

    func addRoutes(to router: some RouterMethods<PassbankRequestContext>) {
        router.get("/oauth2/authorize") { request, context in await authorize(request, context: context) }
    }

    func authorize(_ request: Request, context: PassbankRequestContext) async -> Response {
        do {
            return try await handle(request, context: context)
        } catch let error as OAuthError {
            return OAuthPage.error(error.notRedirectable)
        } catch {
            return OAuthPage.error(.serverError, status: .serviceUnavailable)
        }
    }

    func handle(_ request: Request, context: PassbankRequestContext) async throws -> Response {
        let now = environment.now()
        let database = environment.database
        let parameters = try RequestParameters(urlEncoded: request.uri.query ?? "")
        let authorization: AuthorizationRequest
        var pending: PendingAuthorizationRecord?
        if parameters.contains("request_id") {
            // Resuming after the sign-in, step-up or consent page: the request was validated when it was stored.
            guard let id = try parameters.single("request_id", maxLength: 64),
                let record = try database.pendingAuthorization(id: id, now: now),
                let decoded = OAuthWire.decode(AuthorizationRequest.self, record.request)
            else {
                throw OAuthError.invalidRequest("This sign-in request has expired or was already completed. Start again from the app.")
            }
            authorization = decoded
            pending = record
        } else {
            switch AuthorizationRequest.validate(parameters, clients: environment.clients) {
            case .showError(let error):
                // RFC 6749 §4.1.2.1: an untrusted client or redirect URI gets a page, never a redirect
                return OAuthPage.error(error)
            case .redirectError(let error, let redirectURI, let state):
                return errorRedirect(error, to: redirectURI, state: state)
            case .valid(let valid):
                authorization = valid
            }
        }
        guard let client = environment.clients.client(id: authorization.clientID) else {
            throw OAuthError.invalidRequest("The client is not known.")
        }

        let current = try environment.sessions.current(request, context: context, now: now)
        var session = current.map(OAuthEnvironment.authenticationSession)
        var subjectUserID = current?.session.userID
        if let hint = authorization.loginHint {
            let hinted = try database.user(username: hint)
            // OIDC Core §3.1.2.1 login_hint: a session of someone else must not answer for the hinted person
            if hinted?.id != subjectUserID {
                session = nil
                subjectUserID = hinted?.id
            }
        }
        // Whether the person has a passkey that counts for phrh is told only to their own session:
        // for a login_hint without it, an account with no security key and an account that does
        // not exist must look the same (both go on to the sign-in page).
        let highAssuranceAvailable =
            session == nil
            ? nil
            : try subjectUserID.map { userID in
                !(try environment.highAssuranceCredentials(userID: userID, now: now).isEmpty)
            }
        if let pending, pending.consentDecision == .denied {
            // RFC 6749 §4.1.2.1: the person said no on the consent page
            try database.deletePendingAuthorization(id: pending.id)
            return errorRedirect(.accessDenied("The person did not allow this."), to: authorization.redirectURI, state: authorization.state)
        }
        let consent = try session.flatMap { session in
            try database.consent(userID: session.subject, clientID: client.id).map { Consent(scopes: $0.scopeSet, grantedAt: $0.grantedAt) }
        }

        let decision = AuthenticationDecision.decide(
            for: authorization,
            client: client,
            session: session,
            consent: consent,
            highAssuranceAvailable: highAssuranceAvailable,
            storedAt: pending?.createdAt,
            now: now
        )
        switch decision {
        case .satisfied(let event):
            guard let current else { throw OAuthError.serverError }
            var generator = SystemRandomNumberGenerator()
            let issued = AuthorizationCodeRecord.issue(
                for: authorization,
                client: client,
                event: event,
                sessionID: OAuthEnvironment.sessionIdentifier(current.session),
                now: now,
                using: &generator
            )
            try database.insert(
                StoredAuthorizationCode(
                    codeHash: issued.record.codeHash,
                    familyID: issued.record.familyID,
                    clientID: client.id,
                    payload: try OAuthWire.encode(issued.record),
                    expiresAt: issued.record.expiresAt
                ),
                grant: GrantRecord(
                    familyID: issued.record.familyID,
                    userID: current.session.userID,
                    sessionID: current.session.id,
                    credentialID: event.credentialID.flatMap { Base64URL.decode($0) }.map { Data($0) },
                    clientID: client.id,
                    createdAt: now,
                    // No token of the family outlives the refresh tokens' absolute lifetime plus one access token.
                    expiresAt: now.addingTimeInterval(RefreshTokenRecord.defaultAbsoluteLifetime + AccessTokenClaims.defaultLifetime)
                )
            )
            if let pending { try database.deletePendingAuthorization(id: pending.id) }
            // RFC 6749 §4.1.2, RFC 9207 §2: code, state and iss
            let location = AuthorizationResponse(issuer: environment.issuer).successRedirect(
                code: issued.code,
                to: authorization.redirectURI,
                state: authorization.state
            )
            return OAuthWire.redirect(to: location)
        case .failed(let error):
            if let pending { try database.deletePendingAuthorization(id: pending.id) }
            return errorRedirect(error, to: authorization.redirectURI, state: authorization.state)
        case .needsConsent:
            // OIDC Core §3.1.2.4: a third-party client's person is asked; only they may answer.
            guard let current else { throw OAuthError.serverError }
            let id = try keep(authorization, pending: pending, subjectUserID: subjectUserID, now: now)
            try database.askConsent(requestID: id, userID: current.session.userID, now: now)
            return OAuthWire.redirect(to: "/consent/?request=" + id)
        case .needsInteraction(let acr, _, let subject):
            let id = try keep(authorization, pending: pending, subjectUserID: subject ?? subjectUserID, now: now)
            // DESIGN.md flow 5: a signed-in person who must reach phrh steps up; everyone else signs in
            let page = acr == .phrh && session != nil ? "/step-up/" : "/signin/"
            return OAuthWire.redirect(to: page + "?request=" + id)
        }
    }

    /// The id of the stored request: the pending one it was resumed from, or a new one kept now.
    func keep(_ authorization: AuthorizationRequest, pending: PendingAuthorizationRecord?, subjectUserID: String?, now: Date) throws -> String {
        if let pending { return pending.id }
        let id = CeremonyEnvironment.randomToken()
        try environment.database.insert(
            PendingAuthorizationRecord(
                id: id,
                request: try OAuthWire.encode(authorization),
                subjectUserID: subjectUserID,
                createdAt: now,
                expiresAt: now.addingTimeInterval(OAuthEnvironment.pendingLifetime)
            )
        )
        return id
    }

    func errorRedirect(_ error: OAuthError, to redirectURI: VerifiedRedirectURI, state: String?) -> Response {
        // RFC 6749 §4.1.2.1, RFC 9207 §2: error, error_description, state and iss
        guard let location = AuthorizationResponse(issuer: environment.issuer).errorRedirect(error, to: redirectURI, state: state) else {
            return OAuthPage.error(error)
        }
        return OAuthWire.redirect(to: location)
    }
}
