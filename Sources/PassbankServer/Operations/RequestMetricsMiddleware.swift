import Hummingbird

/// Counts and times every request into ``ServerMetrics``; sits inside the problem rendering, so a
/// thrown problem is seen with its code, then passed on unchanged.
struct RequestMetricsMiddleware: RouterMiddleware {
    typealias Context = PassbankRequestContext

    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            let route = Self.route(context)
            if response.status == .unauthorized, response.headers[.wwwAuthenticate]?.contains("insufficient_user_authentication") == true {
                metrics.recordStepUpChallenge(route: route)
            }
            metrics.record(route: route, method: request.method.rawValue, status: Int(response.status.code), code: nil, duration: .now - start)
            return response
        } catch {
            let problem = error as? Problem
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            metrics.record(
                route: Self.route(context),
                method: request.method.rawValue,
                status: Int(status),
                code: problem?.code,
                duration: .now - start
            )
            throw error
        }
    }

    /// The matched route's template (`/api/accounts/{id}/transactions`), or one label for static
    /// files and for paths nothing matched.
    static func route(_ context: Context) -> String {
        guard let path = context.endpointPath, path.hasPrefix("/") else { return "other" }
        return path
    }
}
