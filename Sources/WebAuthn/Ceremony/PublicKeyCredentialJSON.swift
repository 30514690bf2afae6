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

/// `AuthenticationResponseJSON` (WebAuthn L3 §5.1, `PublicKeyCredential.toJSON()` of `get()`).
public struct AuthenticationResponseJSON: Sendable, Hashable, Codable {
    public struct Response: Sendable, Hashable, Codable {
        public var clientDataJSON: String
        public var authenticatorData: String
        public var signature: String
        public var userHandle: String?

        public init(clientDataJSON: String, authenticatorData: String, signature: String, userHandle: String? = nil) {
            self.clientDataJSON = clientDataJSON
            self.authenticatorData = authenticatorData
            self.signature = signature
            self.userHandle = userHandle
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

/// The client extension outputs this relying party reads (WebAuthn L3 §10.1.1, §10.1.3).
public struct ClientExtensionResults: Sendable, Hashable, Codable {
    public struct CredentialProperties: Sendable, Hashable, Codable {
        public var rk: Bool?
        public init(rk: Bool?) { self.rk = rk }
    }

    public var appid: Bool?
    public var credProps: CredentialProperties?

    public init(appid: Bool? = nil, credProps: CredentialProperties? = nil) {
        self.appid = appid
        self.credProps = credProps
    }
}

extension String {
    /// Decodes a base64url member of a credential JSON, naming it in the error. The standard base64
    /// alphabet is tolerated: the bytes are the same, and every check runs on the bytes.
    func base64URLBytes(_ member: String) throws(WebAuthnError) -> [UInt8] {
        guard let bytes = Base64URL.decode(self, allowingStandardAlphabet: true) else {
            throw WebAuthnError(.malformedCredential, "\(member) is not base64url.")
        }
        return bytes
    }
}
