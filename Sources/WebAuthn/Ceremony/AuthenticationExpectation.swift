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
    /// The `allowCredentials` IDs sent, if any (§7.2 step 5). Empty means the user was not identified
    /// before the ceremony, so the response must carry a `userHandle` (§7.2 step 6).
    public var allowedCredentialIDs: [[UInt8]]
    public var counterPolicy: CounterPolicy
    /// The FIDO AppID sent in the `appid` extension, if any (§10.1.1).
    public var appID: String?

    public init(
        challenge: [UInt8],
        requireUserVerification: Bool = false,
        allowedCredentialIDs: [[UInt8]] = [],
        counterPolicy: CounterPolicy = .reject,
        appID: String? = nil
    ) {
        self.challenge = challenge
        self.requireUserVerification = requireUserVerification
        self.allowedCredentialIDs = allowedCredentialIDs
        self.counterPolicy = counterPolicy
        self.appID = appID
    }
}
