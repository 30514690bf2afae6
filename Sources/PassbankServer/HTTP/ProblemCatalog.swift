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
        "consent-other-account": (.forbidden, "Request for another account"),
        // The banking API (docs/banking-api.md).
        "token-missing": (.unauthorized, "Access token missing"),
        "token-invalid": (.unauthorized, "Access token not accepted"),
        "scope-insufficient": (.forbidden, "Access not granted for this"),
        "step-up-required": (.unauthorized, "Confirm it’s you"),
        "operation-denied": (.forbidden, "Not allowed"),
        "amount-invalid": (.badRequest, "Amount not understood"),
        "amount-not-positive": (.badRequest, "Amount must be more than zero"),
        "amount-out-of-range": (.unprocessableContent, "Amount too large"),
        "currency-invalid": (.badRequest, "Currency not recognised"),
        "currency-mismatch": (.unprocessableContent, "Wrong currency for this account"),
        "account-not-found": (.notFound, "Account not found"),
        "payee-not-found": (.notFound, "Payee not found"),
        "same-account": (.unprocessableContent, "Same account twice"),
        "insufficient-funds": (.unprocessableContent, "Not enough money in the account"),
        "daily-limit-exceeded": (.unprocessableContent, "Daily limit reached"),
        "reference-invalid": (.badRequest, "Reference not accepted"),
        "idempotency-key-missing": (.badRequest, "Idempotency-Key missing"),
        "idempotency-key-invalid": (.badRequest, "Idempotency-Key not accepted"),
        "idempotency-key-reused": (.unprocessableContent, "Idempotency-Key used for another transfer"),
        "account-number-invalid": (.badRequest, "Account number not valid"),
        "account-number-unknown": (.notFound, "No account with that number"),
        "payee-own-account": (.unprocessableContent, "That’s your own account"),
        "payee-exists": (.conflict, "Payee already added"),
        "payee-name-invalid": (.badRequest, "Payee name not accepted"),
        "cursor-invalid": (.badRequest, "Page cursor not recognised"),
        "passkey-not-found": (.notFound, "Passkey not found"),
        "passkey-name-invalid": (.badRequest, "Passkey name not accepted"),
        "last-sign-in-method": (.conflict, "Your last way to sign in"),
        "consent-not-found": (.notFound, "App access not found"),
        "first-party-only": (.forbidden, "Only Passbank’s own apps can do this"),
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
