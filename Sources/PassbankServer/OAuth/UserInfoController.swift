import Foundation
import HTTPTypes
import Hummingbird
import OpenIDProvider
import Storage

/// `GET|POST /oauth2/userinfo` (OIDC Core §5.3) with a bearer access token (RFC 6750 §2.1).
struct UserInfoController: Sendable {
    let environment: OAuthEnvironment

    func addRoutes(to router: Router<PassbankRequestContext>) {
        router.get("/oauth2/userinfo") { request, _ in await userInfo(request) }
        router.post("/oauth2/userinfo") { request, _ in await userInfo(request) }
        router.on("/oauth2/userinfo", method: .options) { request, _ in
            OAuthWire.preflight(request, clients: environment.clients, methods: "GET, POST")
        }
    }

    func userInfo(_ request: Request) async -> Response {
        let origin = request.headers[.origin]
        var response: Response
        var client: OAuthClient?
        do {
            guard let header = request.headers[.authorization] else {
                // RFC 6750 §3.1: no credentials, no error code
                response = Self.challenge(nil)
                OAuthWire.allowOrigin(origin, for: environment.clients.all.first { $0.allowsWebOrigin(origin ?? "") }, on: &response)
                return response
            }
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw OAuthError.invalidToken("The Authorization header is not a bearer token.")
            }
            let signer = try await environment.keys.ready()
            let claims = try await signer.verifyAccessToken(String(parts[1]).trimmingCharacters(in: .whitespaces), now: environment.now())
            client = environment.clients.client(id: claims.client_id)
            guard let user = try environment.database.user(id: claims.sub) else {
                throw OAuthError.invalidToken("The account behind this access token no longer exists.")
            }
            // A revoked grant's tokens are refused at once (sign-out, a removed passkey, reuse).
            guard let grantID = claims.grant_id, try environment.database.activeGrant(familyID: grantID)?.userID == user.id else {
                throw OAuthError.invalidToken("This access token was revoked.")
            }
            response = try JSONResponse.make(try UserInfoResponse(claims: claims, displayName: user.displayName, username: user.username))
        } catch let error as OAuthError {
            response = Self.challenge(error)
        } catch {
            response = Self.challenge(nil)
            response.status = .serviceUnavailable
        }
        OAuthWire.allowOrigin(origin, for: client ?? environment.clients.all.first { $0.allowsWebOrigin(origin ?? "") }, on: &response)
        return response
    }

    /// RFC 6750 §3: `401` with `WWW-Authenticate: Bearer`, with `error` when a token was presented.
    static func challenge(_ error: OAuthError?) -> Response {
        var value = "Bearer realm=\"passbank\""
        if let error {
            // RFC 6750 §3: error and error_description as quoted strings, no quotes or backslashes inside
            let description = error.description.filter { $0 != "\"" && $0 != "\\" }
            value += ", error=\"\(error.code)\", error_description=\"\(description)\""
        }
        var headers = HTTPFields()
        headers[.wwwAuthenticate] = value
        headers[.cacheControl] = "no-store"
        return Response(status: .unauthorized, headers: headers)
    }
}
