import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Turns every error into a response a person or client can act on, and never leaks internals.
///
/// - `Problem` errors render as RFC 9457 documents.
/// - Hummingbird's own `HTTPError`s (router 404, body too large, bad percent-encoding) become the
///   matching problem code.
/// - A page route that does not exist gets the site's 404 page with status 404.
/// - Anything else is logged with the request id and answered with a generic `internal-error`.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = PassbankRequestContext
    let notFoundPage: NotFoundPage

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            return try problem.response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            let problem = Self.problem(for: error)
            if problem.code == "not-found", Self.wantsPage(request) {
                return try await notFoundPage.response(for: request)
            }
            return try problem.response(from: request, context: context)
        } catch {
            context.logger.error("Unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            return try Problem(code: "internal-error", detail: "The server could not complete this request. Try again in a moment.")
                .response(from: request, context: context)
        }
    }

    static func problem(for error: any HTTPResponseError) -> Problem {
        switch error.status {
        case .notFound:
            return Problem(code: "not-found", detail: "There is nothing at this address.")
        case .methodNotAllowed:
            return Problem(code: "method-not-allowed", detail: "This address does not accept that method.")
        case .contentTooLarge:
            return Problem(code: "payload-too-large", detail: "The request body is larger than this server accepts.")
        case .unsupportedMediaType:
            return Problem(code: "unsupported-media-type", detail: "The request body must be application/json.")
        case .tooManyRequests:
            return Problem(code: "rate-limited", detail: "Too many requests. Wait a moment, then try again.")
        case .serviceUnavailable:
            return Problem(code: "service-unavailable", detail: "The service is briefly unavailable. Try again in a moment.")
        case let status where status.kind == .clientError:
            return Problem(code: "malformed-request", detail: "The request could not be understood.")
        default:
            return Problem(code: "internal-error", detail: "The server could not complete this request. Try again in a moment.")
        }
    }

    /// Page requests (GET/HEAD outside the API that accept HTML) get the 404 page, not JSON.
    static func wantsPage(_ request: Request) -> Bool {
        guard request.method == .get || request.method == .head else { return false }
        let path = request.uri.path
        for prefix in ["/api/", "/webauthn/", "/oauth2/", "/auth/", "/.well-known/"] where path.hasPrefix(prefix) {
            return false
        }
        let accept = request.headers[.accept] ?? ""
        return accept.isEmpty || accept.contains("text/html") || accept.contains("*/*")
    }
}
