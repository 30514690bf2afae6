extension RelyingParty {
    /// Attestation conveyance preferences (§5.4.7).
    public enum AttestationConveyance: String, Sendable {
        case none, indirect, direct, enterprise
    }

    /// Public key credential hints (§5.8.7).
    public enum Hint: String, Sendable {
        case securityKey = "security-key"
        case clientDevice = "client-device"
        case hybrid
    }

    /// A fresh random user handle (§5.4.3: at most 64 bytes, no personal data); 32 bytes.
    public static func makeUserHandle(using random: inout some RandomNumberGenerator) -> [UInt8] {
        randomBytes(32, using: &random)
    }

    /// A fresh 32-byte challenge (§13.4.3: at least 16 random bytes).
    public static func makeChallenge(using random: inout some RandomNumberGenerator) -> [UInt8] {
        randomBytes(32, using: &random)
    }

    static func randomBytes(_ count: Int, using random: inout some RandomNumberGenerator) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &random) }
    }

    /// Builds `create()` options (WebAuthn L3 §5.4) with a new 32-byte challenge.
    ///
    /// - Parameters:
    ///   - userHandle: the account's random handle (1–64 bytes), never the username.
    ///   - excludeCredentials: the account's existing credentials, so one authenticator is not registered twice.
    /// - Returns: the options and the challenge to keep for verification.
    /// - Throws: `WebAuthnError` `invalid-options` for an empty or oversized user handle or names.
    public func creationOptions(
        userHandle: [UInt8],
        userName: String,
        displayName: String,
        excludeCredentials: [CredentialDescriptor] = [],
        selection: AuthenticatorSelection = AuthenticatorSelection(),
        hints: [Hint] = [],
        attestation: AttestationConveyance = .none,
        algorithms: [COSEAlgorithm] = COSEAlgorithm.credentialAlgorithms,
        timeoutMilliseconds: Int? = 300_000,
        using random: inout some RandomNumberGenerator
    ) throws(WebAuthnError) -> (options: PublicKeyCredentialCreationOptionsJSON, challenge: [UInt8]) {
        // §5.4.3: the user handle is 1 to 64 bytes.
        guard (1...64).contains(userHandle.count) else {
            throw WebAuthnError(.invalidOptions, "The user handle must be 1 to 64 bytes.")
        }
        guard !userName.isEmpty, userName.utf8.count <= 64, displayName.utf8.count <= 64 else {
            throw WebAuthnError(.invalidOptions, "The user name must be 1 to 64 bytes and the display name at most 64.")
        }
        guard !algorithms.isEmpty else {
            throw WebAuthnError(.invalidOptions, "At least one algorithm must be offered.")
        }
        let challenge = Self.makeChallenge(using: &random)
        let options = PublicKeyCredentialCreationOptionsJSON(
            rp: RelyingPartyEntity(id: id, name: name),
            user: UserEntity(id: Base64URL.encode(userHandle), name: userName, displayName: displayName),
            challenge: Base64URL.encode(challenge),
            pubKeyCredParams: algorithms.map { CredentialParameters(type: "public-key", alg: $0) },
            timeout: timeoutMilliseconds,
            excludeCredentials: excludeCredentials,
            authenticatorSelection: selection,
            hints: hints.map(\.rawValue),
            attestation: attestation.rawValue,
            extensions: Extensions(credProps: true)
        )
        return (options, challenge)
    }

    /// Builds `get()` options (WebAuthn L3 §5.5) with a new 32-byte challenge.
    /// - Parameter allowCredentials: empty for discoverable credentials (autofill, username-less).
    /// - Throws: `WebAuthnError` `invalid-options` for an unknown user verification requirement.
    public func requestOptions(
        allowCredentials: [CredentialDescriptor] = [],
        userVerification: String = "preferred",
        hints: [Hint] = [],
        timeoutMilliseconds: Int? = 300_000,
        using random: inout some RandomNumberGenerator
    ) throws(WebAuthnError) -> (options: PublicKeyCredentialRequestOptionsJSON, challenge: [UInt8]) {
        // §5.8.6 UserVerificationRequirement.
        guard ["required", "preferred", "discouraged"].contains(userVerification) else {
            throw WebAuthnError(.invalidOptions, "userVerification must be required, preferred or discouraged.")
        }
        let challenge = Self.makeChallenge(using: &random)
        let options = PublicKeyCredentialRequestOptionsJSON(
            challenge: Base64URL.encode(challenge),
            timeout: timeoutMilliseconds,
            rpId: id,
            allowCredentials: allowCredentials,
            userVerification: userVerification,
            hints: hints.map(\.rawValue),
            extensions: nil
        )
        return (options, challenge)
    }
}
