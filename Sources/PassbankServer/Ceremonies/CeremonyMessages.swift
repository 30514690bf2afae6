import WebAuthn

/// `POST /webauthn/registration/options` body.
struct RegistrationOptionsRequest: Decodable {
    var username: String?
    var displayName: String?
    /// `client-device` ("this device") or `security-key`.
    var authenticator: String?
    /// The pending authorization request the sign-up page was sent with.
    var request: String?
}

/// `POST /webauthn/authentication/options` body.
struct AuthenticationOptionsRequest: Decodable {
    var username: String?
    /// The pending authorization request the sign-in page was sent with (`?request=<id>`).
    var request: String?
}

/// `POST /webauthn/registration/verify` body.
struct RegistrationVerifyRequest: Decodable {
    var ceremonyId: String
    var credential: RegistrationResponseJSON
}

/// `POST /webauthn/authentication/verify` body.
struct AuthenticationVerifyRequest: Decodable {
    var ceremonyId: String
    var credential: AuthenticationResponseJSON
}

/// `{"ceremonyId", "publicKey"}` for creation options.
struct CreationOptionsResponse: Encodable {
    var ceremonyId: String
    var publicKey: PublicKeyCredentialCreationOptionsJSON
}

/// `{"ceremonyId", "publicKey"}` for request options.
struct RequestOptionsResponse: Encodable {
    var ceremonyId: String
    var publicKey: PublicKeyCredentialRequestOptionsJSON
}

/// What the person sees about one of their passkeys.
struct PasskeySummary: Encodable {
    var id: String
    var name: String?
    var provider: String
    var assurance: String
    var reasons: [String]
    var backupEligible: Bool
    var createdAt: String
    var lastUsedAt: String?
    var stepUpAfter: String?
}

/// `{"passkey", "redirect"?}`.
struct RegistrationVerifyResponse: Encodable {
    var passkey: PasskeySummary
    var redirect: String?
}

/// `{"acr", "amr", "username", "redirect"?}`: the username lets the page remember who signed in
/// (for `/welcome-back/`) after an autofill sign-in where nothing was typed.
struct AuthenticationVerifyResponse: Encodable {
    var acr: String
    var amr: [String]
    var username: String
    var redirect: String?
}
