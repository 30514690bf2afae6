import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Fills the request context from the configuration and the connection, before anything else runs.
///
/// `X-Forwarded-Proto` and `X-Forwarded-For` are believed only from the configured trusted proxy;
/// from anyone else they are ignored.
struct RequestContextMiddleware: RouterMiddleware {
    typealias Context = PassbankRequestContext
    let configuration: ServerConfiguration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.origin = configuration.origin
        context.maxBodyBytes = configuration.maxBodyBytes
        let peer = context.remoteAddress?.ipAddress ?? "unknown"
        context.clientAddress = peer
        context.isSecure = configuration.tls != nil
        if let proxy = configuration.trustedProxy, peer == proxy {
            if let proto = request.headers[.forwardedProto] {
                context.isSecure = proto.split(separator: ",").first?.trimmingCharacters(in: .whitespaces).lowercased() == "https"
            }
            // The proxy appends the address it saw: the last entry is the only one it vouches for.
            if let forwarded = request.headers[.forwardedFor],
                let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty,
                last.count <= 45, last.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == ":" })
            {
                context.clientAddress = last
            }
        }
        context.logger[metadataKey: "client"] = .string(context.clientAddress)
        return try await next(request, context)
    }
}
