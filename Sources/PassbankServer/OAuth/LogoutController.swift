import Foundation
import HTTPTypes
import Hummingbird
import OpenIDProvider
import Storage

/// `GET /oauth2/logout` (OpenID Connect RP-Initiated Logout 1.0): ends the provider session and its
/// refresh token families, then redirects only to a registered `post_logout_redirect_uri`.
struct LogoutController: Sendable {
    let environment: OAuthEnvironment

    func addRoutes(to router: some RouterMethods<PassbankRequestContext>) {
        router.get("/oauth2/logout") { request, context in await logout(request, context: context) }
    }

    func logout(_ request: Request, context: PassbankRequestContext) async -> Response {
        let logout: LogoutRequest
        do {
            logout = try LogoutRequest(try RequestParameters(urlEncoded: request.uri.query ?? ""), clients: environment.clients)
        } catch {
            // RP-Initiated Logout 1.0 §3: an unverified redirect URI is never followed
            return OAuthPage.error(error.notRedirectable)
        }
        let name = SessionCookies.name(secure: context.isSecure)
        if let secret = request.cookies[name]?.value, secret.utf8.count <= 128 {
            let sessionID = CeremonyEnvironment.hash(secret)
            let now = environment.now()
            do {
                // Signing out revokes every grant issued in the session: its refresh tokens stop
                // refreshing and its access tokens are refused by the API at once.
                try environment.database.endSession(id: sessionID, at: now)
            } catch {
                return OAuthPage.error(.serverError, status: .serviceUnavailable)
            }
        }
        var response = logout.redirectLocation.map(OAuthWire.redirect(to:)) ?? OAuthPage.signedOut()
        response.setCookie(Cookie(name: name, value: "", maxAge: 0, path: "/", secure: context.isSecure, httpOnly: true, sameSite: .lax))
        return response
    }
}
