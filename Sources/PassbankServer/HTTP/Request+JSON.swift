import Foundation
import HTTPTypes
public import Hummingbird

extension Request {
    /// Reads a JSON request body the way every Passbank endpoint must (DESIGN.md, HTTP surface):
    /// `application/json` only, same-origin only, no larger than the configured limit, and decoded
    /// into `T` or refused with a problem that says which field was wrong, never with its content.
    /// - Throws: `Problem` with code `unsupported-media-type`, `forbidden-origin`,
    ///   `payload-too-large` or `malformed-request`.
    public func decodeJSON<T: Decodable>(_ type: T.Type, context: PassbankRequestContext) async throws -> T {
        try await decodeJSON(type, context: context, allowingOrigin: { _ in false })
    }

    /// As ``decodeJSON(_:context:)``, also accepting browsers on the origins `allowingOrigin` names
    /// (the banking API's CORS clients, which send a bearer token rather than cookies).
    func decodeJSON<T: Decodable>(
        _ type: T.Type,
        context: PassbankRequestContext,
        allowingOrigin: (String) -> Bool
    ) async throws -> T {
        guard let contentType = headers[.contentType], Self.isJSON(contentType) else {
            throw Problem(code: "unsupported-media-type", detail: "Send the request body as application/json.")
        }
        // Fetch Standard: browsers send Origin on every cross-origin and every POST request; a request
        // from another site is refused before its body is read. Clients that send no Origin (native
        // apps, curl) are not browsers and cannot carry a person's cookies across sites.
        if let origin = headers[.origin], origin != context.origin, !allowingOrigin(origin) {
            throw Problem(code: "forbidden-origin", detail: "This endpoint accepts requests only from \(context.origin).")
        }
        if let declared = headers[.contentLength].flatMap(Int.init), declared > context.maxBodyBytes {
            throw Problem(code: "payload-too-large", detail: "The request body must be at most \(context.maxBodyBytes) bytes.")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: context.maxBodyBytes)
        } catch {
            throw Problem(code: "payload-too-large", detail: "The request body must be at most \(context.maxBodyBytes) bytes.")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw Problem(code: "malformed-request", detail: Self.describe(error))
        } catch {
            throw Problem(code: "malformed-request", detail: "The request body is not valid JSON.")
        }
    }

    static func isJSON(_ contentType: String) -> Bool {
        let parts = contentType.lowercased().split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first == "application/json" else { return false }
        return parts.dropFirst().allSatisfy { $0 == "charset=utf-8" }
    }

    /// A description that names the field but never echoes the client's data.
    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            let names = codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return names.isEmpty ? "the body" : "'" + names.joined(separator: ".") + "'"
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "The field '\(key.stringValue)' is missing in \(path(context.codingPath))."
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "The field \(path(context.codingPath)) has the wrong type."
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "The request body is not valid JSON." : "The field \(path(context.codingPath)) is not valid."
        @unknown default:
            return "The request body is not valid JSON."
        }
    }
}
