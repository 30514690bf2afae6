import HTTPTypes
import Hummingbird

/// CORS for the banking API (Fetch Standard §3.2): pages on an allowed origin may call it with a
/// bearer token (no cookies), and may read `WWW-Authenticate`, so a page can see an RFC 9470
/// step-up challenge (DESIGN.md flow 5). Problems get the same headers as successes.
struct APICORSMiddleware: RouterMiddleware {
    typealias Context = PassbankRequestContext

    static let methods = "GET, POST, PATCH, DELETE"
    static let headers = "Authorization, Content-Type, Idempotency-Key"
    static let exposed = "WWW-Authenticate, Idempotent-Replayed, Retry-After"

    let allowsOrigin: @Sendable (String) -> Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as Problem {
            response = try error.response(from: request, context: context)
        }
        response.headers[.vary] = "Origin"
        if let origin = request.headers[.origin], allowsOrigin(origin) {
            response.headers[.accessControlAllowOrigin] = origin
            response.headers[.accessControlExposeHeaders] = Self.exposed
        }
        return response
    }

    /// The answer to a preflight: the methods and headers the API takes, for allowed origins only.
    static func preflight(_ request: Request, allowsOrigin: (String) -> Bool) -> Response {
        var response = Response(status: .noContent)
        response.headers[.vary] = "Origin"
        guard let origin = request.headers[.origin], allowsOrigin(origin) else { return response }
        response.headers[.accessControlAllowOrigin] = origin
        response.headers[.accessControlAllowMethods] = methods
        response.headers[.accessControlAllowHeaders] = headers
        response.headers[.accessControlMaxAge] = "600"
        return response
    }
}
