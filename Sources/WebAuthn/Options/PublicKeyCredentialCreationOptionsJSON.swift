/// `PublicKeyCredentialCreationOptionsJSON` (WebAuthn L3 §5.1.6 / §5.4), ready for `PublicKeyCredential.parseCreationOptionsFromJSON()`.
public struct PublicKeyCredentialCreationOptionsJSON: Sendable, Hashable, Codable {
    public var rp: RelyingPartyEntity
    public var user: UserEntity
    public var challenge: String
    public var pubKeyCredParams: [CredentialParameters]
    public var timeout: Int?
    public var excludeCredentials: [CredentialDescriptor]
    public var authenticatorSelection: AuthenticatorSelection?
    public var hints: [String]
    public var attestation: String
    public var extensions: Extensions?
}
