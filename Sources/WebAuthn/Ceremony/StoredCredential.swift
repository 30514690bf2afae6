/// The stored credential record an assertion is checked against (WebAuthn L3 §4 "credential record").
public struct StoredCredential: Sendable, Hashable {
    public var id: [UInt8]
    public var publicKey: COSEKey
    public var signCount: UInt32
    public var backupEligible: Bool
    /// The user handle the credential was registered for.
    public var userHandle: [UInt8]?

    public init(id: [UInt8], publicKey: COSEKey, signCount: UInt32, backupEligible: Bool, userHandle: [UInt8]? = nil) {
        self.id = id
        self.publicKey = publicKey
        self.signCount = signCount
        self.backupEligible = backupEligible
        self.userHandle = userHandle
    }
}
