import Foundation
import Testing
import WebAuthn
import WebAuthnTestSupport

@Suite("Authentication ceremony (WebAuthn L3 §7.2)")
struct AuthenticationTests {
    /// A registered authenticator and its stored record.
    func registered(
        algorithm: COSEAlgorithm = .es256,
        backupEligible: Bool = false,
        counterIncrement: UInt32 = 1,
        userVerifying: Bool = true
    ) throws -> (SoftwareAuthenticator, StoredCredential) {
        var authenticator = SoftwareAuthenticator(
            userVerifying: userVerifying,
            backupEligible: backupEligible,
            counterIncrement: counterIncrement
        )
        _ = try Fixtures.register(&authenticator, algorithm: algorithm)
        return (authenticator, try Fixtures.stored(authenticator))
    }

    func verify(
        _ response: AuthenticationResponseJSON,
        _ stored: StoredCredential,
        expectation: AuthenticationExpectation = AuthenticationExpectation(challenge: Fixtures.challenge)
    ) throws -> VerifiedAuthentication {
        try Fixtures.party.verifyAuthentication(response, expecting: expectation, credential: stored)
    }

    func assert(
        _ authenticator: inout SoftwareAuthenticator,
        overrides: SoftwareAuthenticator.ClientDataOverrides = .init(),
        signed: [UInt8]? = nil
    ) throws -> AuthenticationResponseJSON {
        try authenticator.getAssertion(
            rpID: Fixtures.party.id,
            origin: Fixtures.origin,
            challenge: Fixtures.challenge,
            clientData: overrides,
            signedDataOverride: signed
        )
    }

    @Test("verifies ES256, EdDSA and RS256 assertions", arguments: [COSEAlgorithm.es256, .edDSA, .rs256])
    func verifies(algorithm: COSEAlgorithm) throws {
        var (authenticator, stored) = try registered(algorithm: algorithm)
        let result = try verify(try assert(&authenticator), stored)
        #expect(result.newSignCount == 2)
        #expect(result.userVerified)
        #expect(!result.possibleClone)
        #expect(result.userHandle == Fixtures.userHandle)
    }

    @Test("a signature over other data is rejected")
    func signatureOverOtherData() throws {
        var (authenticator, stored) = try registered()
        let response = try assert(&authenticator, signed: Array("something else".utf8))
        expectCode(.signatureInvalid) { _ = try verify(response, stored) }
    }

    @Test("client data checks")
    func clientData() throws {
        let cases: [(SoftwareAuthenticator.ClientDataOverrides, WebAuthnError.Code)] = [
            (.init(type: "webauthn.create"), .typeMismatch),
            (.init(challenge: "AAAA"), .challengeMismatch),
            (.init(origin: "https://bank.example.evil"), .originMismatch),
            (.init(crossOrigin: true), .crossOriginNotAllowed),
        ]
        for (overrides, code) in cases {
            var (authenticator, stored) = try registered()
            let response = try assert(&authenticator, overrides: overrides)
            expectCode(code) { _ = try verify(response, stored) }
        }
    }

    @Test("wrong rpIdHash")
    func wrongRPID() throws {
        var (authenticator, stored) = try registered()
        let response = try assert(&authenticator)
        let other = RelyingParty(id: "other.example", name: "Other", origins: [Fixtures.origin])
        expectCode(.rpIDHashMismatch) {
            _ = try other.verifyAuthentication(response, expecting: AuthenticationExpectation(challenge: Fixtures.challenge), credential: stored)
        }
    }

    @Test("UP=0 is always rejected; UV=0 only when required")
    func presenceAndVerification() throws {
        var (authenticator, stored) = try registered(userVerifying: false)
        let response = try assert(&authenticator)
        expectCode(.userNotVerified) {
            _ = try verify(response, stored, expectation: AuthenticationExpectation(challenge: Fixtures.challenge, requireUserVerification: true))
        }
        #expect(try !verify(response, stored).userVerified)
        authenticator.userPresent = false
        let absent = try assert(&authenticator)
        expectCode(.userNotPresent) { _ = try verify(absent, stored) }
    }

    @Test("BE must not change between ceremonies; BS may; BE=0 with BS=1 is invalid")
    func backupFlags() throws {
        var (authenticator, stored) = try registered(backupEligible: true)
        authenticator.backupState = true
        #expect(try verify(try assert(&authenticator), stored).backupState)
        authenticator.backupState = false
        #expect(try !verify(try assert(&authenticator), stored).backupState)
        authenticator.backupEligible = false
        let changed = try assert(&authenticator)
        expectCode(.backupEligibilityChanged) { _ = try verify(changed, stored) }
        authenticator.backupState = true
        let invalid = try assert(&authenticator)
        expectCode(.invalidBackupFlags) { _ = try verify(invalid, stored) }
    }

    @Test("a counter that does not grow is a clone signal: rejected by default, reported on request")
    func counters() throws {
        var (authenticator, stored) = try registered()
        stored.signCount = 10
        let response = try assert(&authenticator)  // counter 2 < 10
        expectCode(.signCountRegressed) { _ = try verify(response, stored) }
        let reported = try verify(response, stored, expectation: AuthenticationExpectation(challenge: Fixtures.challenge, counterPolicy: .report))
        #expect(reported.possibleClone)
        #expect(reported.newSignCount == 10)
        // Equal non-zero counters are a clone signal too.
        stored.signCount = 3
        authenticator.setSignCount(2, for: stored.id)
        let equal = try assert(&authenticator)
        expectCode(.signCountRegressed) { _ = try verify(equal, stored) }
        // Both zero: the authenticator has no counter, which is fine.
        var pair = try registered(counterIncrement: 0)
        #expect(try !verify(try assert(&pair.0), pair.1).possibleClone)
    }

    @Test("allowCredentials, credential ID and user handle")
    func credentialChecks() throws {
        var (authenticator, stored) = try registered()
        let response = try assert(&authenticator)
        expectCode(.credentialNotAllowed) {
            _ = try verify(response, stored, expectation: AuthenticationExpectation(challenge: Fixtures.challenge, allowedCredentialIDs: [[9, 9]]))
        }
        _ = try verify(response, stored, expectation: AuthenticationExpectation(challenge: Fixtures.challenge, allowedCredentialIDs: [stored.id]))
        var otherRecord = stored
        otherRecord.id = [1, 2, 3]
        expectCode(.credentialIDMismatch) { _ = try verify(response, otherRecord) }
        var otherUser = stored
        otherUser.userHandle = [7]
        expectCode(.userHandleMismatch) { _ = try verify(response, otherUser) }
        var wrongType = response
        wrongType.type = "otp"
        expectCode(.malformedCredential) { _ = try verify(wrongType, stored) }
    }

    @Test("§7.2 step 6: without allowCredentials the userHandle must be present and be the owner's")
    func usernameLessUserHandle() throws {
        var (authenticator, stored) = try registered()
        let response = try assert(&authenticator)
        var withoutHandle = response
        withoutHandle.response.userHandle = nil
        var emptyHandle = response
        emptyHandle.response.userHandle = ""
        let discoverable = AuthenticationExpectation(challenge: Fixtures.challenge)
        let named = AuthenticationExpectation(challenge: Fixtures.challenge, allowedCredentialIDs: [stored.id])
        expectCode(.userHandleMissing) { _ = try verify(withoutHandle, stored, expectation: discoverable) }
        expectCode(.userHandleMissing) { _ = try verify(emptyHandle, stored, expectation: discoverable) }
        var otherUser = stored
        otherUser.userHandle = [7]
        expectCode(.userHandleMismatch) { _ = try verify(response, otherUser, expectation: discoverable) }
        expectCode(.userHandleMismatch) { _ = try verify(response, otherUser, expectation: named) }
        var ownerUnknown = stored
        ownerUnknown.userHandle = nil
        expectCode(.userHandleMismatch) { _ = try verify(response, ownerUnknown, expectation: discoverable) }
        #expect(try verify(response, stored, expectation: discoverable).userHandle == Fixtures.userHandle)
        // With allowCredentials the user was identified before the ceremony: userHandle may be absent.
        var (secondAuthenticator, secondStored) = try registered()
        var identified = try assert(&secondAuthenticator)
        identified.response.userHandle = nil
        let result = try verify(
            identified,
            secondStored,
            expectation: AuthenticationExpectation(challenge: Fixtures.challenge, allowedCredentialIDs: [secondStored.id])
        )
        #expect(result.userHandle == nil)
    }

    @Test("appid extension: rpIdHash must then be the AppID's hash")
    func appID() throws {
        var (authenticator, stored) = try registered()
        var response = try assert(&authenticator)
        response.clientExtensionResults = ClientExtensionResults(appid: true)
        expectCode(.rpIDHashMismatch) {
            _ = try verify(response, stored, expectation: AuthenticationExpectation(challenge: Fixtures.challenge, appID: "https://bank.example"))
        }
        expectCode(.rpIDHashMismatch) { _ = try verify(response, stored) }
    }

    @Test("an assertion must not carry attested credential data")
    func noAttestedData() throws {
        var (authenticator, stored) = try registered()
        var response = try assert(&authenticator)
        var authData = Base64URL.decode(response.response.authenticatorData)!
        authData[32] |= AuthenticatorFlags.attestedCredentialData.rawValue
        response.response.authenticatorData = Base64URL.encode(authData)
        expectCode(.invalidAuthenticatorData) { _ = try verify(response, stored) }
    }
}
