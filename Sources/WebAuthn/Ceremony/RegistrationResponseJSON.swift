/// `RegistrationResponseJSON` (WebAuthn L3 §5.1, `PublicKeyCredential.toJSON()` of `create()`).
public struct RegistrationResponseJSON: Sendable, Hashable, Codable {
    public struct Response: Sendable, Hashable, Codable {
        public var clientDataJSON: String
        public var attestationObject: String
        public var transports: [String]?

        public init(clientDataJSON: String, attestationObject: String, transports: [String]? = nil) {
            self.clientDataJSON = clientDataJSON
            self.attestationObject = attestationObject
            self.transports = transports
        }
    }

    public var id: String
    public var rawId: String
    public var type: String
    public var response: Response
    public var authenticatorAttachment: String?
    public var clientExtensionResults: ClientExtensionResults?

    public init(
        id: String, rawId: String, type: String = "public-key", response: Response,
        authenticatorAttachment: String? = nil, clientExtensionResults: ClientExtensionResults? = nil
    ) {
        self.id = id
        self.rawId = rawId
        self.type = type
        self.response = response
        self.authenticatorAttachment = authenticatorAttachment
        self.clientExtensionResults = clientExtensionResults
    }
}
