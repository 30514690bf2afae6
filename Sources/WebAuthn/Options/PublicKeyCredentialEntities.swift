/// `PublicKeyCredentialRpEntity` (§5.4.2).
public struct RelyingPartyEntity: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
}

/// `PublicKeyCredentialUserEntityJSON` (§5.4.3): `id` is the base64url user handle, never the username.
public struct UserEntity: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var displayName: String
}

/// `PublicKeyCredentialParameters` (§5.3).
public struct CredentialParameters: Sendable, Hashable, Codable {
    public var type: String
    public var alg: COSEAlgorithm
}

/// `PublicKeyCredentialDescriptorJSON` (§5.8.3).
public struct CredentialDescriptor: Sendable, Hashable, Codable {
    public var type: String
    public var id: String
    public var transports: [String]?

    public init(id: [UInt8], transports: [String]? = nil) {
        self.type = "public-key"
        self.id = Base64URL.encode(id)
        self.transports = transports
    }
}

/// `AuthenticatorSelectionCriteria` (§5.4.4).
public struct AuthenticatorSelection: Sendable, Hashable, Codable {
    public var authenticatorAttachment: String?
    public var residentKey: String?
    public var requireResidentKey: Bool?
    public var userVerification: String?

    public init(authenticatorAttachment: String? = nil, residentKey: String? = "required", userVerification: String? = "preferred") {
        self.authenticatorAttachment = authenticatorAttachment
        self.residentKey = residentKey
        self.requireResidentKey = residentKey == "required"
        self.userVerification = userVerification
    }
}

/// The client extension inputs this relying party sends.
public struct Extensions: Sendable, Hashable, Codable {
    /// `credProps` (§10.1.3).
    public var credProps: Bool?
    /// `appid` (§10.1.1), for U2F credentials.
    public var appid: String?

    public init(credProps: Bool? = nil, appid: String? = nil) {
        self.credProps = credProps
        self.appid = appid
    }
}
