/// `PublicKeyCredentialRequestOptionsJSON` (WebAuthn L3 §5.1.7 / §5.5).
public struct PublicKeyCredentialRequestOptionsJSON: Sendable, Hashable, Codable {
    public var challenge: String
    public var timeout: Int?
    public var rpId: String
    public var allowCredentials: [CredentialDescriptor]
    public var userVerification: String
    public var hints: [String]
    public var extensions: Extensions?
}
