import Crypto
public import Foundation
import X509

extension RelyingParty {
    /// The attestation statement formats this verifier knows (WebAuthn L3 §8).
    static func attestationFormat(_ identifier: String) -> (any AttestationStatementFormat.Type)? {
        let formats: [any AttestationStatementFormat.Type] = [
            NoneAttestation.self, PackedAttestation.self, FIDOU2FAttestation.self, TPMAttestation.self,
            AndroidKeyAttestation.self, AndroidSafetyNetAttestation.self, AppleAttestation.self,
        ]
        return formats.first { $0.identifier == identifier }
    }

    /// Verifies a registration response (WebAuthn L3 §7.1, "Registering a New Credential").
    ///
    /// - Parameters:
    ///   - response: the browser's `PublicKeyCredential.toJSON()`.
    ///   - expectation: the challenge and requirements of the options that were sent.
    ///   - trustAnchors: roots for attestation chains; chains without an anchor are reported as `noAnchor`.
    ///   - time: the time at which certificate validity is judged.
    /// - Throws: `WebAuthnError` naming the first check that failed.
    public func verifyRegistration(
        _ response: RegistrationResponseJSON,
        expecting expectation: RegistrationExpectation,
        trustAnchors: AttestationTrustAnchors = .empty,
        at time: Date
    ) async throws(WebAuthnError) -> RegisteredCredential {
        // §7.1 step 3: a public-key credential.
        guard response.type == "public-key" else {
            throw WebAuthnError(.malformedCredential, "The credential type is not public-key.")
        }
        _ = try response.rawId.base64URLBytes("rawId")
        let clientDataJSON = try response.response.clientDataJSON.base64URLBytes("clientDataJSON")
        let attestationBytes = try response.response.attestationObject.base64URLBytes("attestationObject")

        // §7.1 steps 5–10.
        _ = try ClientDataExpectation(type: "webauthn.create", challenge: expectation.challenge, relyingParty: self)
            .verify(clientDataJSON)
        // §7.1 step 11: hash of the exact clientDataJSON bytes.
        let clientDataHash = Array(SHA256.hash(data: clientDataJSON))
        // §7.1 step 12: decode the attestation object.
        let attestation = try AttestationObject(bytes: attestationBytes)
        let authData = attestation.authenticatorData
        // §7.1 step 13: rpIdHash.
        try ClientDataExpectation.verifyRelyingPartyIDHash(authData.rpIDHash, relyingParty: self)
        try Self.verifyFlags(authData.flags, requireUserVerification: expectation.requireUserVerification)

        guard authData.flags.contains(.attestedCredentialData), let credential = authData.attestedCredentialData else {
            throw WebAuthnError(.attestedCredentialDataMissing, "Registration authenticator data carries no credential.")
        }
        // §7.1 step 25: the credential ID is at most 1023 bytes (checked while parsing). L3 §7.1 does not
        // require rawId to equal it, and some clients sent placeholders; the result carries the ID from
        // authenticator data, which is what the authenticator attested.
        // §7.1 step 19: the key is valid and its alg is one the options offered.
        let key = try COSEKey(encoded: credential.publicKey)
        guard expectation.algorithms.contains(key.algorithm) else {
            throw WebAuthnError(.algorithmNotRequested, "The credential algorithm \(key.algorithm) was not offered.")
        }
        // §7.1 steps 21–22: a known format whose statement verifies.
        guard let format = Self.attestationFormat(attestation.format) else {
            throw WebAuthnError(.unsupportedAttestationFormat, "Attestation format \(attestation.format) is not supported.")
        }
        let outcome = try format.verify(
            AttestationInput(
                statement: attestation.statement,
                authenticatorData: authData,
                clientDataHash: clientDataHash,
                credential: credential,
                credentialKey: key
            )
        )

        // §7.1 steps 23–24: the trust path validates to an anchor the caller trusts for this authenticator.
        let trust: AttestationTrust
        if let leaf = outcome.trustPath.first {
            let anchors = trustAnchors.anchors(aaguid: credential.aaguid, leaf: leaf, format: attestation.format)
            if anchors.isEmpty {
                trust = .noAnchor
            } else {
                try await AttestationChainValidator(anchors: anchors, validationTime: time).validate(outcome.trustPath)
                trust = .verified
            }
        } else {
            trust = .notApplicable
        }
        if expectation.requireTrustedAttestation, trust != .verified {
            throw trust == .noAnchor
                ? WebAuthnError(.attestationTrustAnchorMissing, "No trust anchor is configured for this authenticator.")
                : WebAuthnError(.attestationNotAllowed, "Attestation of type \(outcome.type.rawValue) is not accepted.")
        }

        return RegisteredCredential(
            credentialID: credential.credentialID,
            publicKey: key,
            signCount: authData.signCount,
            aaguid: credential.aaguid,
            attestationFormat: attestation.format,
            attestationType: outcome.type,
            trustPath: outcome.trustPath,
            attestationTrust: trust,
            userVerified: authData.flags.contains(.userVerified),
            backupEligible: authData.flags.contains(.backupEligible),
            backupState: authData.flags.contains(.backupState),
            transports: response.response.transports ?? [],
            residentKey: response.clientExtensionResults?.credProps?.rk,
            authenticatorAttachment: response.authenticatorAttachment
        )
    }

    /// §7.1 steps 14–16 and §7.2 steps 16–18: UP always, UV when required, BS only with BE.
    static func verifyFlags(_ flags: AuthenticatorFlags, requireUserVerification: Bool) throws(WebAuthnError) {
        guard flags.contains(.userPresent) else {
            throw WebAuthnError(.userNotPresent, "The authenticator did not confirm user presence (UP=0).")
        }
        if requireUserVerification, !flags.contains(.userVerified) {
            throw WebAuthnError(.userNotVerified, "User verification was required but UV=0.")
        }
        if !flags.contains(.backupEligible), flags.contains(.backupState) {
            throw WebAuthnError(.invalidBackupFlags, "BS=1 while BE=0 is not a valid flag combination.")
        }
    }
}
