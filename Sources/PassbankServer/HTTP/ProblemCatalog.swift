public import HTTPTypes

/// The single table from problem code to HTTP status and short title.
///
/// Every code here has a page at `/problems/<code>/` (checked by a test against the built site).
public enum ProblemCatalog {
    /// Each known code with its status and title.
    public static let entries: [String: (status: HTTPResponse.Status, title: String)] = [
        "not-found": (.notFound, "Not found"),
        "method-not-allowed": (.methodNotAllowed, "Method not allowed"),
        "payload-too-large": (.contentTooLarge, "Request too large"),
        "unsupported-media-type": (.unsupportedMediaType, "Unsupported content type"),
        "forbidden-origin": (.forbidden, "Request from another site"),
        "malformed-request": (.badRequest, "Malformed request"),
        "rate-limited": (.tooManyRequests, "Too many requests"),
        "internal-error": (.internalServerError, "Something went wrong on our side"),
        "service-unavailable": (.serviceUnavailable, "Service unavailable"),
    ]

    /// All codes, sorted.
    public static var codes: [String] { entries.keys.sorted() }

    static func status(for code: String) -> HTTPResponse.Status {
        entries[code]?.status ?? .internalServerError
    }

    static func title(for code: String) -> String {
        entries[code]?.title ?? "Something went wrong on our side"
    }
}
