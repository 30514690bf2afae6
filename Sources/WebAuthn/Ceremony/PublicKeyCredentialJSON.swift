/// A `PublicKeyCredential` in its `toJSON()` form (WebAuthn L3 §5.1): the members both ceremonies share,
/// around the authenticator's response.
public struct PublicKeyCredentialJSON<Response: Sendable & Hashable & Codable>: Sendable, Hashable, Codable {
    public var id: String
    public var rawId: String
    public var type: String
    public var response: Response
    public var authenticatorAttachment: String?
    public var clientExtensionResults: ClientExtensionResults?

    public init(
        id: String,
        rawId: String,
        type: String = "public-key",
        response: Response,
        authenticatorAttachment: String? = nil,
        clientExtensionResults: ClientExtensionResults? = nil
    ) {
        self.id = id
        self.rawId = rawId
        self.type = type
        self.response = response
        self.authenticatorAttachment = authenticatorAttachment
        self.clientExtensionResults = clientExtensionResults
    }
}

/// `RegistrationResponseJSON` (WebAuthn L3 §5.1), the result of `create()`.
public typealias RegistrationResponseJSON = PublicKeyCredentialJSON<AuthenticatorAttestationResponseJSON>

/// `AuthenticationResponseJSON` (WebAuthn L3 §5.1), the result of `get()`.
public typealias AuthenticationResponseJSON = PublicKeyCredentialJSON<AuthenticatorAssertionResponseJSON>
