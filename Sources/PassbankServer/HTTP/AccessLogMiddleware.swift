import Foundation
import Hummingbird
import Logging

/// One log line per request, after it is answered: method, path, status and duration, with the
/// request id and client address that the logger's metadata already carries.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = PassbankRequestContext
    let clock = ContinuousClock()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = clock.now
        let response = try await next(request, context)
        let elapsed = start.duration(to: clock.now)
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        context.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue),
                // The raw (still percent-encoded) path, cut short: a hostile path cannot flood the log.
                "path": .string(String(request.uri.path.prefix(200))),
                "status": .stringConvertible(response.status.code),
                "ms": .string(String(format: "%.1f", milliseconds)),
            ]
        )
        return response
    }
}
