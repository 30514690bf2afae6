/// The outcome of a verified assertion: what to update in the credential record.
public struct VerifiedAuthentication: Sendable, Hashable {
    public let credentialID: [UInt8]
    public let newSignCount: UInt32
    public let userVerified: Bool
    public let backupEligible: Bool
    public let backupState: Bool
    /// The counter did not grow although a counter is in use: a possible cloned authenticator.
    public let possibleClone: Bool
    public let userHandle: [UInt8]?
    public let authenticatorAttachment: String?
}
