/// What the relying party asked for in `create()`, needed to verify the response (WebAuthn L3 §7.1).
public struct RegistrationExpectation: Sendable, Hashable {
    /// The challenge sent in the options.
    public var challenge: [UInt8]
    /// Fail unless the UV flag is set (`userVerification: "required"`).
    public var requireUserVerification: Bool
    /// The `pubKeyCredParams` algorithms offered.
    public var algorithms: [COSEAlgorithm]
    /// Reject unless the attestation chain validates to a caller-supplied anchor.
    public var requireTrustedAttestation: Bool

    public init(
        challenge: [UInt8],
        requireUserVerification: Bool = false,
        algorithms: [COSEAlgorithm] = COSEAlgorithm.credentialAlgorithms,
        requireTrustedAttestation: Bool = false
    ) {
        self.challenge = challenge
        self.requireUserVerification = requireUserVerification
        self.algorithms = algorithms
        self.requireTrustedAttestation = requireTrustedAttestation
    }
}
