import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /openapi.json`: the OpenAPI 3.1 document of every JSON endpoint (docs/openapi.md).
///
/// The document is a JSON file in the repository (`Resources/openapi.json`, a SwiftPM resource),
/// not generated from Swift: it is the contract that people review as a diff and that tools read
/// as it stands (schemathesis fuzzes the live server from these very bytes), and the routes'
/// handlers have no declarative schema to generate it from. `OpenAPIContractTests` holds it to
/// the router, so it cannot drift from the routes without a failing test.
struct OpenAPIController: Sendable {
    /// The document as shipped, or `nil` when the resource is missing from the bundle.
    let document: Data?

    init(document: Data? = Self.bundled()) {
        self.document = document
    }

    /// The bundled `openapi.json`.
    static func bundled() -> Data? {
        Bundle.module.url(forResource: "openapi", withExtension: "json").flatMap { try? Data(contentsOf: $0) }
    }

    /// A strong validator of the document's bytes (RFC 9110 §8.8.3).
    var entityTag: String? {
        document.map { data in
            "\"" + SHA256.hash(data: data).prefix(16).map { String(format: "%02x", $0) }.joined() + "\""
        }
    }

    func addRoutes(to router: Router<PassbankRequestContext>) {
        let entityTag = entityTag
        router.get("/openapi.json") { request, _ in try respond(to: request, entityTag: entityTag) }
    }

    func respond(to request: Request, entityTag: String?) throws -> Response {
        guard let document, let entityTag else {
            throw Problem(code: "service-unavailable", detail: "The API description is missing from this installation.")
        }
        var headers = HTTPFields()
        headers[.eTag] = entityTag
        // Public and the same for everyone: caches may keep it briefly, then revalidate with the ETag.
        headers[.cacheControl] = "public, max-age=300"
        headers[.accessControlAllowOrigin] = "*"
        if Self.matches(request.headers[.ifNoneMatch], entityTag: entityTag) {
            // RFC 9110 §13.1.2: the cached copy is current.
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: document)))
    }

    /// RFC 9110 §13.1.2 `If-None-Match`: `*`, or a list with this tag (weak comparison).
    static func matches(_ ifNoneMatch: String?, entityTag: String) -> Bool {
        guard let ifNoneMatch else { return false }
        return ifNoneMatch.split(separator: ",").contains { candidate in
            let tag = candidate.trimmingCharacters(in: .whitespaces)
            return tag == "*" || (tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag) == entityTag
        }
    }
}
