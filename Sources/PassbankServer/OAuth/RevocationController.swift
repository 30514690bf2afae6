import Foundation
import HTTPTypes
import Hummingbird
import OpenIDProvider
import Storage

/// `POST /oauth2/revoke` (RFC 7009): revokes a refresh token's whole family; answers `200` for any
/// token once the client is authenticated.
struct RevocationController: Sendable {
    let environment: OAuthEnvironment

    func addRoutes(to router: Router<PassbankRequestContext>) {
        router.post("/oauth2/revoke") { request, _ in await revoke(request) }
        router.on("/oauth2/revoke", method: .options) { request, _ in
            OAuthWire.preflight(request, clients: environment.clients, methods: "POST")
        }
    }

    func revoke(_ request: Request) async -> Response {
        let origin = request.headers[.origin]
        let basicAttempted = request.headers[.authorization] != nil
        var corsClient: OAuthClient?
        var response: Response
        do {
            let parameters = try await OAuthWire.formParameters(request)
            corsClient = (try? parameters.single("client_id", maxLength: 256)).flatMap { $0 }.flatMap(environment.clients.client(id:))
            // RFC 7009 §2.1: the client authenticates as at the token endpoint
            let client = try environment.clients.authenticate(
                authorizationHeader: request.headers[.authorization],
                clientIDParameter: try parameters.single("client_id", maxLength: 256)
            )
            corsClient = client
            let revocation = try RevocationRequest(parameters)
            let stored = try environment.database.refreshToken(hash: revocation.refreshTokenHash)
            let record = stored.flatMap { OAuthWire.decode(RefreshTokenRecord.self, $0.payload) }
            if let family = RevocationRequest.familyToRevoke(record: record, client: client) {
                try environment.database.revokeTokenFamily(family, at: environment.now())
            }
            // RFC 7009 §2.2: 200 whether or not the token was valid (access tokens expire on their own)
            response = Response(status: .ok)
        } catch let error as OAuthError {
            response = OAuthWire.errorResponse(error, basicAttempted: basicAttempted)
        } catch {
            response = OAuthWire.errorResponse(.serverError, basicAttempted: basicAttempted)
        }
        response.headers[.cacheControl] = "no-store"
        OAuthWire.allowOrigin(origin, for: corsClient, on: &response)
        return response
    }
}
