import HTTPTypes
import Hummingbird
import OpenIDProvider

extension OAuthWire {
    /// The shape every client-authenticated form endpoint shares (`/oauth2/token`, `/oauth2/revoke`):
    /// read the form, authenticate the client (RFC 6749 §2.3.1: `client_secret_basic`, or a public client
    /// identified by `client_id`), run `handle`, answer RFC 6749 §5.2 errors, never cache
    /// (`Cache-Control: no-store`), and allow CORS only for that client's own web origins.
    static func clientEndpoint(
        _ request: Request,
        clients: ClientRegistry,
        handle: (RequestParameters, OAuthClient) async throws -> Response
    ) async -> Response {
        let basicAttempted = request.headers[.authorization] != nil
        var corsClient: OAuthClient?
        var response: Response
        do {
            let parameters = try await formParameters(request)
            let clientID = try parameters.single("client_id", maxLength: 256)
            // Known before authentication, so that even an error answer can be read by the client's page.
            corsClient = clientID.flatMap(clients.client(id:))
            let client = try clients.authenticate(authorizationHeader: request.headers[.authorization], clientIDParameter: clientID)
            corsClient = client
            response = try await handle(parameters, client)
        } catch let error as OAuthError {
            response = errorResponse(error, basicAttempted: basicAttempted)
        } catch {
            response = errorResponse(.serverError, basicAttempted: basicAttempted)
        }
        response.headers[.cacheControl] = "no-store"
        allowOrigin(request.headers[.origin], for: corsClient, on: &response)
        return response
    }
}
