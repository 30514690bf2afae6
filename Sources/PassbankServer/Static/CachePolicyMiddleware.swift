import HTTPTypes
import Hummingbird

/// Caching for static files: fingerprinted assets (`name.<10 hex>.ext`) are immutable for a year;
/// everything else (HTML, the manifest) must be revalidated with its ETag on every use.
struct CachePolicyMiddleware: RouterMiddleware {
    typealias Context = PassbankRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        guard context.coreContext.endpointPath.value == "FileMiddleware" else { return response }
        response.headers[.cacheControl] =
            Self.isFingerprinted(request.uri.path) ? "public, max-age=31536000, immutable" : "no-cache"
        return response
    }

    /// `true` for `/assets/app.0123456789.css`.
    static func isFingerprinted(_ path: String) -> Bool {
        guard let name = path.split(separator: "/").last else { return false }
        let parts = name.split(separator: ".")
        guard parts.count >= 3 else { return false }
        let hash = parts[parts.count - 2]
        return hash.count == 10 && hash.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }
}
