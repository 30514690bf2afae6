import Hummingbird

/// `GET /.well-known/passkey-endpoints` (W3C "A Well-Known URL for Passkey Endpoints"): where a
/// password manager can send a person to create a passkey for this bank, or to manage theirs.
struct PasskeyEndpointsController: Sendable {
    /// The configured origin, without a trailing slash.
    let origin: String

    struct Document: Encodable, Equatable {
        var enroll: String
        var manage: String
    }

    var document: Document {
        // Both land in the passkey section of the app; a person who is not signed in is asked to sign in first.
        Document(enroll: origin + "/app/#passkeys", manage: origin + "/app/#passkeys")
    }

    func addRoutes(to router: Router<PassbankRequestContext>) {
        // JSON, never a redirect: clients fetch it directly and do not follow redirects for well-known URLs.
        router.get("/.well-known/passkey-endpoints") { _, _ in try JSONResponse.make(document) }
    }
}
