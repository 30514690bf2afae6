import Foundation
import HTTPTypes
import Hummingbird
import OpenIDProvider
import Storage

/// `GET|POST /oauth2/logout` (OpenID Connect RP-Initiated Logout 1.0): ends the provider session and its
/// refresh token families, then redirects only to a registered `post_logout_redirect_uri`.
///
/// A GET ends a signed-in session at once only with a valid `id_token_hint` for that session's person;
/// otherwise it asks the person, and their answer comes back as a same-origin POST. So another site
/// cannot sign anyone out with a link or an image.
struct LogoutController: Sendable {
    let environment: OAuthEnvironment

    func addRoutes(to router: some RouterMethods<PassbankRequestContext>) {
        router.get("/oauth2/logout") { request, context in await logout(request, context: context) }
        router.post("/oauth2/logout") { request, context in await confirmedLogout(request, context: context) }
    }

    func logout(_ request: Request, context: PassbankRequestContext) async -> Response {
        let logout: LogoutRequest
        do throws(OAuthError) {
            logout = try LogoutRequest(try RequestParameters(urlEncoded: request.uri.query ?? ""), clients: environment.clients)
        } catch {
            // RP-Initiated Logout 1.0 §3: an unverified redirect URI is never followed
            return OAuthPage.error(error.notRedirectable)
        }
        guard let sessionID = sessionID(request, context: context) else {
            // No session in this browser: nothing to end, so nothing another site could do by asking.
            return finish(logout, sessionID: nil, context: context)
        }
        // RP-Initiated Logout 1.0 §2 (id_token_hint) and §3: without a hint naming this session's person,
        // the request may come from anyone, so the person is asked whether to sign out.
        guard await hintNamesSession(logout, sessionID: sessionID, request: request, context: context) else {
            return OAuthPage.confirmLogout(logout)
        }
        return finish(logout, sessionID: sessionID, context: context)
    }

    /// The person's answer from the confirmation page.
    func confirmedLogout(_ request: Request, context: PassbankRequestContext) async -> Response {
        // RP-Initiated Logout 1.0 §2: the confirmation counts only when this origin's own page sent it.
        guard Self.isSameOrigin(request, origin: context.origin) else {
            return OAuthPage.error(
                OAuthError.invalidRequest("The sign-out request came from another site, so you are still signed in.").notRedirectable,
                status: .forbidden
            )
        }
        let logout: LogoutRequest
        do throws(OAuthError) {
            logout = try LogoutRequest(try await OAuthWire.formParameters(request), clients: environment.clients)
        } catch {
            // RP-Initiated Logout 1.0 §3: an unverified redirect URI is never followed
            return OAuthPage.error(error.notRedirectable)
        }
        return finish(logout, sessionID: sessionID(request, context: context), context: context)
    }

    /// Fetch Metadata: `Origin` is this origin; when a browser withholds it (absent, or `null` under a
    /// `no-referrer` policy), `Sec-Fetch-Site` must say `same-origin`. Anything else is refused.
    static func isSameOrigin(_ request: Request, origin: String) -> Bool {
        if let sent = request.headers[.origin], sent != "null" { return sent == origin }
        return request.headers[HTTPField.Name("Sec-Fetch-Site")!] == "same-origin"
    }

    /// The stored id of the session the request's cookie names, if it carries one.
    func sessionID(_ request: Request, context: PassbankRequestContext) -> String? {
        guard let secret = request.cookies[SessionCookies.name(secure: context.isSecure)]?.value, !secret.isEmpty, secret.utf8.count <= 128
        else { return nil }
        return CeremonyEnvironment.hash(secret)
    }

    /// Whether `id_token_hint` is an ID token this provider signed (`TokenSigner.verifyIDTokenHint`) for
    /// the person of the cookie's session: its `sub` when the session is active, else (the session has
    /// already timed out and only its refresh tokens remain) its `sid`.
    func hintNamesSession(_ logout: LogoutRequest, sessionID: String, request: Request, context: PassbankRequestContext) async -> Bool {
        guard let hint = logout.idTokenHint else { return false }
        let now = environment.now()
        guard let signer = try? await environment.keys.ready(),
            let claims = try? await signer.verifyIDTokenHint(hint, clients: environment.clients, clientID: logout.clientID, now: now)
        else { return false }
        if let current = try? environment.sessions.current(request, context: context, now: now) {
            return current.session.userID == claims.sub
        }
        return claims.sid == OpaqueToken.hash(sessionID)
    }

    /// Ends the session (when there is one) and answers with the redirect or the signed-out page.
    func finish(_ logout: LogoutRequest, sessionID: String?, context: PassbankRequestContext) -> Response {
        if let sessionID {
            do {
                // Signing out revokes every grant issued in the session: its refresh tokens stop
                // refreshing and its access tokens are refused by the API at once.
                try environment.database.endSession(id: sessionID, at: environment.now())
            } catch {
                return OAuthPage.error(.serverError, status: .serviceUnavailable)
            }
        }
        let name = SessionCookies.name(secure: context.isSecure)
        var response = logout.redirectLocation.map(OAuthWire.redirect(to:)) ?? OAuthPage.signedOut()
        response.setCookie(Cookie(name: name, value: "", maxAge: 0, path: "/", secure: context.isSecure, httpOnly: true, sameSite: .lax))
        return response
    }
}
