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
