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
        "username-invalid": (.badRequest, "Username not accepted"),
        "display-name-invalid": (.badRequest, "Name not accepted"),
        "username-taken": (.conflict, "Username already taken"),
        "ceremony-unknown": (.badRequest, "Sign-in or registration not found"),
        "ceremony-expired": (.gone, "Sign-in or registration expired"),
        "ceremony-used": (.conflict, "Sign-in or registration already completed"),
        "passkey-verification-failed": (.badRequest, "Passkey could not be verified"),
        "passkey-not-trusted": (.forbidden, "Passkey not trusted"),
        "passkey-unknown": (.badRequest, "Passkey not recognised"),
        "passkey-not-allowed": (.forbidden, "Passkey not allowed here"),
        "passkey-already-registered": (.conflict, "Passkey already registered"),
        "insufficient-assurance": (.forbidden, "A security key is needed"),
        "sign-in-conflict": (.conflict, "Passkey used twice at once"),
        "no-high-assurance-passkey": (.forbidden, "No security key on this account"),
        "authorization-request-unknown": (.gone, "Sign-in request expired"),
        "password-rejected": (.unauthorized, "Username or password not accepted"),
        "sign-in-required": (.unauthorized, "Sign in first"),
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
