import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OpenIDProvider

/// The wire details the provider endpoints share: form bodies, RFC 6749 §5.2 error bodies, CORS.
enum OAuthWire {
    /// RFC 6749 §5.1: `Pragma: no-cache` beside `Cache-Control: no-store` for HTTP/1.0 caches.
    static let pragma = HTTPField.Name("Pragma")!

    /// Reads an `application/x-www-form-urlencoded` body (RFC 6749 §3.2).
    ///
    /// - Throws: `invalid_request` for another content type, an oversized body or bad encoding.
    static func formParameters(_ request: Request) async throws(OAuthError) -> RequestParameters {
        let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        // RFC 6749 §3.2: the token endpoint takes application/x-www-form-urlencoded
        guard type == "application/x-www-form-urlencoded" else {
            throw OAuthError.invalidRequest("The body must be application/x-www-form-urlencoded.").notRedirectable
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: RequestParameters.maximumEncodedLength)
        } catch {
            throw OAuthError.invalidRequest("The request is too large.").notRedirectable
        }
        guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
            throw OAuthError.invalidRequest("The request is not correctly URL-encoded.").notRedirectable
        }
        return try RequestParameters(urlEncoded: text)
    }

    struct ErrorBody: Encodable {
        var error: String
        var error_description: String
    }

    /// An RFC 6749 §5.2 error: `invalid_client` is 401 (with `WWW-Authenticate` when the client
    /// used HTTP authentication), everything else 400; never cached.
    static func errorResponse(_ error: OAuthError, basicAttempted: Bool) -> Response {
        let status: HTTPResponse.Status
        switch error.code {
        case "invalid_client": status = .unauthorized
        case "server_error": status = .internalServerError
        default: status = .badRequest
        }
        var response =
            (try? JSONResponse.make(ErrorBody(error: error.code, error_description: error.description), status: status))
            ?? Response(status: status)
        // RFC 6749 §5.2: 401 with WWW-Authenticate matching the scheme the client used
        if status == .unauthorized, basicAttempted { response.headers[.wwwAuthenticate] = "Basic realm=\"passbank\"" }
        response.headers[pragma] = "no-cache"
        return response
    }

    /// Adds CORS headers when `origin` is one of `client`'s web origins (Fetch Standard §3.2).
    static func allowOrigin(_ origin: String?, for client: OAuthClient?, on response: inout Response) {
        response.headers[.vary] = "Origin"
        guard let origin, let client, client.allowsWebOrigin(origin) else { return }
        response.headers[.accessControlAllowOrigin] = origin
        response.headers[.accessControlExposeHeaders] = "WWW-Authenticate"
    }

    /// A CORS preflight answer: allowed only for an origin some client registered.
    static func preflight(_ request: Request, clients: ClientRegistry, methods: String) -> Response {
        var response = Response(status: .noContent)
        response.headers[.vary] = "Origin"
        guard let origin = request.headers[.origin], clients.all.contains(where: { $0.allowsWebOrigin(origin) }) else {
            return response
        }
        response.headers[.accessControlAllowOrigin] = origin
        response.headers[.accessControlAllowMethods] = methods
        response.headers[.accessControlAllowHeaders] = "Authorization, Content-Type"
        response.headers[.accessControlMaxAge] = "600"
        return response
    }

    /// A `303 See Other` to `location`, never cached.
    static func redirect(to location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        headers[.cacheControl] = "no-store"
        return Response(status: .seeOther, headers: headers)
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// JSON for stored provider records (exact dates).
    static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) -> T? {
        try? JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}
