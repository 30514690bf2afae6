import Foundation
public import HTTPTypes
public import Hummingbird

/// An RFC 9457 problem: what the server answers for every failed JSON request.
///
/// The `code` is stable and names a page at `/problems/<code>/` that tells a person what happened
/// and what to do next. The HTTP status comes from `ProblemCatalog`, the one table from code to status.
public struct Problem: Error, Sendable, Equatable, HTTPResponseError {
    /// Stable, kebab-case identifier.
    public let code: String
    /// One sentence for the person or the developer; never contains secrets.
    public let detail: String
    /// Extra response headers (`Retry-After`, `Allow`).
    public var headers: HTTPFields
    /// The domain error code behind this problem, when it is more precise than `code`
    /// (`challenge-mismatch` behind `passkey-verification-failed`).
    public var reason: String?
    /// More RFC 9457 §3.2 extension members for this problem (`countsFrom`).
    public var extensions: [String: String] = [:]

    public init(code: String, detail: String, reason: String? = nil, headers: HTTPFields = [:], extensions: [String: String] = [:]) {
        self.code = code
        self.detail = detail
        self.reason = reason
        self.headers = headers
        self.extensions = extensions
    }

    public var status: HTTPResponse.Status { ProblemCatalog.status(for: code) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let passbank = context as? PassbankRequestContext
        var fields = headers
        fields[.contentType] = "application/problem+json"
        fields[.cacheControl] = "no-store"
        let body = body(origin: passbank?.origin ?? "", instance: passbank?.requestID)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The RFC 9457 JSON document, as stored for an idempotent replay or sent.
    func body(origin: String, instance: String?) -> Data {
        let document = Document(
            type: "\(origin)/problems/\(code)/",
            title: ProblemCatalog.title(for: code),
            status: status.code,
            detail: detail,
            code: code,
            reason: reason,
            instance: instance,
            extensions: extensions
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(document)) ?? Data(#"{"code":"internal-error"}"#.utf8)
    }

    public static func == (lhs: Problem, rhs: Problem) -> Bool { lhs.code == rhs.code }

    /// The JSON body of RFC 9457 §3.1 plus our `code` extension member.
    struct Document: Codable, Equatable {
        var type: String
        var title: String
        var status: Int
        var detail: String
        var code: String
        var reason: String?
        var instance: String?
        var extensions: [String: String] = [:]

        enum CodingKeys: String, CodingKey { case type, title, status, detail, code, reason, instance }

        struct ExtensionKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(type, forKey: .type)
            try container.encode(title, forKey: .title)
            try container.encode(status, forKey: .status)
            try container.encode(detail, forKey: .detail)
            try container.encode(code, forKey: .code)
            try container.encodeIfPresent(reason, forKey: .reason)
            try container.encodeIfPresent(instance, forKey: .instance)
            // RFC 9457 §3.2: extension members never replace the standard ones.
            var more = encoder.container(keyedBy: ExtensionKey.self)
            for (key, value) in extensions where CodingKeys(rawValue: key) == nil {
                try more.encode(value, forKey: ExtensionKey(stringValue: key))
            }
        }
    }
}
