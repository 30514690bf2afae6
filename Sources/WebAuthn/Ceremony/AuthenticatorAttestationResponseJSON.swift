/// `AuthenticatorAttestationResponseJSON` (WebAuthn L3 §5.2.1), base64url members.
public struct AuthenticatorAttestationResponseJSON: Sendable, Hashable, Codable {
    public var clientDataJSON: String
    public var attestationObject: String
    public var transports: [String]?

    public init(clientDataJSON: String, attestationObject: String, transports: [String]? = nil) {
        self.clientDataJSON = clientDataJSON
        self.attestationObject = attestationObject
        self.transports = transports
    }
}
