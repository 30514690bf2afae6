import Foundation
import Hummingbird
import Logging

/// Limits requests per client address to the endpoints that sign people in or mint state: the
/// ceremonies, the password, and the provider's authorize, token and revocation endpoints.
/// Pages, assets and health checks are not limited here.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = PassbankRequestContext

    let limiter: RateLimiter
    let now: @Sendable () -> Date

    static let limitedPrefixes = ["/webauthn/", "/auth/", "/oauth2/authorize", "/oauth2/token", "/oauth2/revoke"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard Self.limitedPrefixes.contains(where: { path.hasPrefix($0) }), request.method != .options else {
            return try await next(request, context)
        }
        if let seconds = limiter.take("address:" + context.clientAddress, now: now()) {
            context.logger.notice("rate limited", metadata: ["client": .string(context.clientAddress), "path": .string(path)])
            throw Problem.rateLimited(retryAfter: seconds)
        }
        return try await next(request, context)
    }
}

/// The limiters of one running server, shared by its routes.
struct AbuseLimiters: Sendable {
    let perAddress: RateLimiter
    let ceremoniesPerAccount: RateLimiter
    let passwordFailuresPerAccount: RateLimiter

    init(_ limits: AbuseLimits) {
        perAddress = RateLimiter(limit: limits.perAddress)
        ceremoniesPerAccount = RateLimiter(limit: limits.ceremoniesPerAccount)
        passwordFailuresPerAccount = RateLimiter(limit: limits.passwordFailuresPerAccount)
    }

    /// The bucket key of an account: its username without case, whether or not it exists, so the
    /// limit answers the same for accounts that exist and those that don't.
    static func accountKey(_ username: String) -> String {
        "account:" + username.lowercased()
    }
}
