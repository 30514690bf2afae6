import Hummingbird
import OpenIDProvider

/// `GET /.well-known/openid-configuration` (OIDC Discovery 1.0 §4) and `GET /oauth2/jwks` (RFC 7517 §5).
struct DiscoveryController: Sendable {
    let environment: OAuthEnvironment

    func addRoutes(to router: Router<PassbankRequestContext>) {
        router.get("/.well-known/openid-configuration") { _, _ in
            // OIDC Discovery 1.0 §3: issuer is exactly the identifier the tokens carry
            var response = try JSONResponse.make(DiscoveryDocument(issuer: environment.issuer))
            response.headers[.accessControlAllowOrigin] = "*"
            return response
        }
        router.get("/oauth2/jwks") { _, _ in
            let signer: TokenSigner
            do {
                signer = try await environment.keys.ready()
            } catch {
                throw Problem(code: "service-unavailable", detail: "The signing keys are not available just now. Try again in a moment.")
            }
            var response = try JSONResponse.make(await signer.jwks(at: environment.now()))
            response.headers[.accessControlAllowOrigin] = "*"
            return response
        }
    }
}
