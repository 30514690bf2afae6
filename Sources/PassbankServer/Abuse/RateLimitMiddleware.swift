import Foundation
import Hummingbird
import Logging

/// Limits requests per client address. It is attached to the route group of the endpoints that
/// sign people in or mint state (the ceremonies, the password, the provider's authorize, token and
/// revocation endpoints), so it runs for every request the router hands to them, however the path
/// was spelled. CORS preflights are not counted.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = PassbankRequestContext

    let limiter: RateLimiter
    let now: @Sendable () -> Date

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method != .options else { return try await next(request, context) }
        let path = request.uri.path
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

    /// The bucket of attempts that name one account from one client address. `account` is the
    /// account's canonical key (`name:` + `Username.key`, whether or not it exists, so the limit
    /// answers alike for both; or `user:` + its id). With the address in the key, a stranger who
    /// exhausts it has spent only their own budget, never the account holder's.
    static func accountKey(_ account: String, address: String) -> String {
        "account:" + account + "|" + address
    }
}
