import Foundation
import HTTPTypes
import Hummingbird
import OpenIDProvider
import Storage

/// `POST /oauth2/revoke` (RFC 7009): revokes a refresh token's whole family; answers `200` for any
/// token once the client is authenticated.
struct RevocationController: Sendable {
    let environment: OAuthEnvironment

    func addRoutes(to router: some RouterMethods<PassbankRequestContext>) {
        router.post("/oauth2/revoke") { request, _ in await revoke(request) }
        router.on("/oauth2/revoke", method: .options) { request, _ in
            OAuthWire.preflight(request, clients: environment.clients, methods: "POST")
        }
    }

    func revoke(_ request: Request) async -> Response {
        // RFC 7009 §2.1: the client authenticates as at the token endpoint
        await OAuthWire.clientEndpoint(request, clients: environment.clients) { parameters, client in
            let revocation = try RevocationRequest(parameters)
            let stored = try environment.database.refreshToken(hash: revocation.refreshTokenHash)
            let record = stored.flatMap { OAuthWire.decode(RefreshTokenRecord.self, $0.payload) }
            if let family = RevocationRequest.familyToRevoke(record: record, client: client) {
                try environment.database.revokeTokenFamily(family, at: environment.now())
            } else if stored == nil, let claims = try? await environment.keys.ready().verifyAccessToken(revocation.token, now: environment.now()),
                claims.client_id == client.id, let grant = claims.grant_id
            {
                // RFC 7009 §2: an access token is revoked with its grant, which the API checks on
                // every request (§2.1: only by the client it was issued to).
                try environment.database.revokeTokenFamily(grant, at: environment.now())
            }
            // RFC 7009 §2.2: 200 whether or not the token was valid
            return Response(status: .ok)
        }
    }
}
