/// What the relying party needs to verify an assertion (WebAuthn L3 §7.2).
public struct AuthenticationExpectation: Sendable, Hashable {
    /// What to do when the signature counter does not grow (WebAuthn L3 §6.1.1).
    public enum CounterPolicy: Sendable, Hashable {
        /// Fail with `sign-count-regressed` (the default).
        case reject
        /// Accept, and report `possibleClone` in the result for the caller to act on.
        case report
    }

    public var challenge: [UInt8]
    public var requireUserVerification: Bool
    /// The `allowCredentials` IDs sent, if any (§7.2 step 5).
    public var allowedCredentialIDs: [[UInt8]]
    public var counterPolicy: CounterPolicy
    /// The FIDO AppID sent in the `appid` extension, if any (§10.1.1).
    public var appID: String?

    public init(
        challenge: [UInt8], requireUserVerification: Bool = false, allowedCredentialIDs: [[UInt8]] = [],
        counterPolicy: CounterPolicy = .reject, appID: String? = nil
    ) {
        self.challenge = challenge
        self.requireUserVerification = requireUserVerification
        self.allowedCredentialIDs = allowedCredentialIDs
        self.counterPolicy = counterPolicy
        self.appID = appID
    }
}

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
