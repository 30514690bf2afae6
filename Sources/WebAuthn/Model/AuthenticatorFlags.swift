/// The flags byte of authenticator data (WebAuthn L3 §6.1).
public struct AuthenticatorFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Bit 0: user present.
    public static let userPresent = AuthenticatorFlags(rawValue: 1 << 0)
    /// Bit 2: user verified.
    public static let userVerified = AuthenticatorFlags(rawValue: 1 << 2)
    /// Bit 3: backup eligible (the credential may be synced).
    public static let backupEligible = AuthenticatorFlags(rawValue: 1 << 3)
    /// Bit 4: backup state (the credential is currently backed up).
    public static let backupState = AuthenticatorFlags(rawValue: 1 << 4)
    /// Bit 6: attested credential data included.
    public static let attestedCredentialData = AuthenticatorFlags(rawValue: 1 << 6)
    /// Bit 7: extension data included.
    public static let extensionData = AuthenticatorFlags(rawValue: 1 << 7)
}
