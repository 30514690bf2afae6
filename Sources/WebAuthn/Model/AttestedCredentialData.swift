/// Attested credential data (WebAuthn L3 §6.5.1).
public struct AttestedCredentialData: Sendable, Hashable {
    public let aaguid: [UInt8]
    public let credentialID: [UInt8]
    /// The COSE_Key bytes, exactly as encoded in authenticator data.
    public let publicKey: [UInt8]
}
