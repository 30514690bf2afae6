import HTTPTypes
import Hummingbird

/// Security headers on every response, errors included (DESIGN.md, HTTP surface).
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = PassbankRequestContext

    /// Strict CSP: nothing inline, nothing from elsewhere, no framing.
    static let contentSecurityPolicy = [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ].joined(separator: "; ")

    static let permissionsPolicy =
        "publickey-credentials-get=(self), publickey-credentials-create=(self), camera=(), microphone=(), geolocation=(), payment=()"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.xFrameOptionsField] = "DENY"
        response.headers[.referrerPolicyField] = "no-referrer"
        response.headers[.permissionsPolicy] = Self.permissionsPolicy
        response.headers[.crossOriginOpenerPolicy] = "same-origin"
        response.headers[.crossOriginResourcePolicy] = "same-origin"
        response.headers[.requestID] = context.requestID
        if context.isSecure {
            // RFC 6797: only meaningful, and only sent, over HTTPS.
            response.headers[.strictTransportSecurity] = "max-age=31536000; includeSubDomains"
        }
        return response
    }
}
