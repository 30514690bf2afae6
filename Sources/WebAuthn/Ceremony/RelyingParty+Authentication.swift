import Crypto

extension RelyingParty {
    /// Verifies an assertion (WebAuthn L3 §7.2, "Verifying an Authentication Assertion").
    /// - Throws: `WebAuthnError` naming the first check that failed.
    public func verifyAuthentication(
        _ response: AuthenticationResponseJSON,
        expecting expectation: AuthenticationExpectation,
        credential: StoredCredential
    ) throws(WebAuthnError) -> VerifiedAuthentication {
        guard response.type == "public-key" else {
            throw WebAuthnError(.malformedCredential, "The credential type is not public-key.")
        }
        let rawID = try response.rawId.base64URLBytes("rawId")
        let clientDataJSON = try response.response.clientDataJSON.base64URLBytes("clientDataJSON")
        let authDataBytes = try response.response.authenticatorData.base64URLBytes("authenticatorData")
        let signature = try response.response.signature.base64URLBytes("signature")
        let userHandle = try response.response.userHandle.flatMap { h throws(WebAuthnError) in
            h.isEmpty ? nil : try h.base64URLBytes("userHandle")
        }

        // §7.2 step 5: the credential is one of allowCredentials, when that list was sent.
        if !expectation.allowedCredentialIDs.isEmpty, !expectation.allowedCredentialIDs.contains(rawID) {
            throw WebAuthnError(.credentialNotAllowed, "The credential is not in allowCredentials.")
        }
        // §7.2 steps 6–7: the assertion is for the credential record the caller looked up.
        guard rawID == credential.id else {
            throw WebAuthnError(.credentialIDMismatch, "rawId is not the stored credential's ID.")
        }
        // §7.2 step 6: who the user is.
        if expectation.allowedCredentialIDs.isEmpty {
            // §7.2 step 6, user not identified before the ceremony (empty allowCredentials): userHandle must
            // be present, and the account it names must own the credential.
            guard let userHandle else {
                throw WebAuthnError(.userHandleMissing, "A sign-in without allowCredentials needs the response's userHandle.")
            }
            guard let stored = credential.userHandle, userHandle == stored else {
                throw WebAuthnError(.userHandleMismatch, "userHandle is not the credential's user.")
            }
        } else if let userHandle, let stored = credential.userHandle, userHandle != stored {
            // §7.2 step 6, user identified before the ceremony: a returned userHandle must be that user.
            throw WebAuthnError(.userHandleMismatch, "userHandle is not the credential's user.")
        }
        // §7.2 steps 9–14.
        _ = try ClientDataExpectation(type: "webauthn.get", challenge: expectation.challenge, relyingParty: self)
            .verify(clientDataJSON)
        let authData = try AuthenticatorData(bytes: authDataBytes)
        // §7.2 step 15: rpIdHash (SHA-256 of the AppID when the appid extension was used, §10.1.1).
        let appIDUsed = response.clientExtensionResults?.appid == true ? expectation.appID : nil
        try ClientDataExpectation.verifyRelyingPartyIDHash(authData.rpIDHash, relyingParty: self, appID: appIDUsed)
        if response.clientExtensionResults?.appid == true, expectation.appID == nil {
            throw WebAuthnError(.rpIDHashMismatch, "The client reports the appid extension, which was not requested.")
        }
        // §7.2 steps 16–18.
        try Self.verifyFlags(authData.flags, requireUserVerification: expectation.requireUserVerification)
        // §7.2 step 19: BE never changes for a credential.
        guard authData.flags.contains(.backupEligible) == credential.backupEligible else {
            throw WebAuthnError(.backupEligibilityChanged, "The backup eligibility flag differs from registration.")
        }
        // §6.1: an assertion carries no attested credential data.
        guard !authData.flags.contains(.attestedCredentialData) else {
            throw WebAuthnError(.invalidAuthenticatorData, "An assertion must not carry attested credential data.")
        }
        // §7.2 steps 22–23: signature over authenticatorData ‖ SHA-256(clientDataJSON).
        let signed = authDataBytes + Array(SHA256.hash(data: clientDataJSON))
        guard credential.publicKey.isValidSignature(signature, for: signed) else {
            throw WebAuthnError(.signatureInvalid, "The assertion signature does not verify with the stored key.")
        }
        // §7.2 step 24: a counter that does not grow while either value is non-zero signals a clone.
        let counterInUse = authData.signCount != 0 || credential.signCount != 0
        let possibleClone = counterInUse && authData.signCount <= credential.signCount
        if possibleClone, expectation.counterPolicy == .reject {
            throw WebAuthnError(.signCountRegressed, "The signature counter did not grow; the authenticator may be cloned.")
        }
        return VerifiedAuthentication(
            credentialID: rawID,
            newSignCount: max(authData.signCount, credential.signCount),
            userVerified: authData.flags.contains(.userVerified),
            backupEligible: authData.flags.contains(.backupEligible),
            backupState: authData.flags.contains(.backupState),
            possibleClone: possibleClone,
            userHandle: userHandle,
            authenticatorAttachment: response.authenticatorAttachment
        )
    }
}
