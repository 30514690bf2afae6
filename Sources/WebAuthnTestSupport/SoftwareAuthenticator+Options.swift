public import WebAuthn

extension SoftwareAuthenticator {
    /// Answers `create()` options as a browser would: the RP ID and user handle come from the options,
    /// the algorithm is the first offered one this authenticator supports (ES256, EdDSA, RS256), and an
    /// options list that excludes a credential this authenticator holds is refused.
    /// - Throws: `Failure.excludedCredential`, `Failure.unsupportedAlgorithm`, `Failure.malformedOptions`.
    public mutating func makeCredential(
        options: PublicKeyCredentialCreationOptionsJSON,
        origin: String,
        attestation: Attestation = .none,
        clientData overrides: ClientDataOverrides = .init()
    ) throws -> RegistrationResponseJSON {
        guard let challenge = Base64URL.decode(options.challenge), let userHandle = Base64URL.decode(options.user.id) else {
            throw Failure.malformedOptions
        }
        let excluded = Set(options.excludeCredentials.compactMap { Base64URL.decode($0.id) })
        if credentials.contains(where: { $0.rpID == options.rp.id && excluded.contains($0.id) }) {
            throw Failure.excludedCredential
        }
        let supported: [COSEAlgorithm] = [.es256, .edDSA, .rs256]
        guard let algorithm = options.pubKeyCredParams.map(\.alg).first(where: supported.contains) else {
            throw Failure.unsupportedAlgorithm
        }
        return try makeCredential(
            rpID: options.rp.id,
            origin: origin,
            challenge: challenge,
            userHandle: userHandle,
            algorithm: algorithm,
            attestation: attestation,
            clientData: overrides
        )
    }

    /// Answers `get()` options: with `allowCredentials`, the first listed credential it holds; without,
    /// its first credential for the RP ID (a discoverable credential).
    /// - Throws: `Failure.unknownCredential` or `Failure.malformedOptions`.
    public mutating func getAssertion(
        options: PublicKeyCredentialRequestOptionsJSON,
        origin: String,
        clientData overrides: ClientDataOverrides = .init()
    ) throws -> AuthenticationResponseJSON {
        guard let challenge = Base64URL.decode(options.challenge) else { throw Failure.malformedOptions }
        var credentialID: [UInt8]?
        if !options.allowCredentials.isEmpty {
            let allowed = options.allowCredentials.compactMap { Base64URL.decode($0.id) }
            guard let match = credentials.first(where: { $0.rpID == options.rpId && allowed.contains($0.id) }) else {
                throw Failure.unknownCredential
            }
            credentialID = match.id
        }
        return try getAssertion(
            rpID: options.rpId,
            origin: origin,
            challenge: challenge,
            credentialID: credentialID,
            clientData: overrides
        )
    }
}
