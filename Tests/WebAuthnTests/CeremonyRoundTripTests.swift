import Foundation
import Testing
import WebAuthn
import WebAuthnTestSupport

/// Options -> software authenticator -> verification, as the server will drive it.
@Suite("Ceremonies from options to verified result")
struct CeremonyRoundTripTests {
    @Test("register, then authenticate twice with a growing counter")
    func roundTrip() async throws {
        var random = SeededBytes(seed: 99)
        let party = Fixtures.party
        var authenticator = SoftwareAuthenticator(aaguid: Fixtures.aaguid, backupEligible: true, backupState: true)
        let handle = RelyingParty.makeUserHandle(using: &random)
        let creation = try party.creationOptions(userHandle: handle, userName: "alice", displayName: "Alice", using: &random)
        let response = try authenticator.makeCredential(options: creation.options, origin: Fixtures.origin)
        let registered = try await party.verifyRegistration(
            response,
            expecting: RegistrationExpectation(challenge: creation.challenge),
            at: Fixtures.now
        )
        var stored = StoredCredential(
            id: registered.credentialID,
            publicKey: registered.publicKey,
            signCount: registered.signCount,
            backupEligible: registered.backupEligible,
            userHandle: handle
        )
        for _ in 0..<2 {
            let request = try party.requestOptions(
                allowCredentials: [CredentialDescriptor(id: stored.id, transports: registered.transports)],
                userVerification: "required",
                using: &random
            )
            let assertion = try authenticator.getAssertion(options: request.options, origin: Fixtures.origin)
            let result = try party.verifyAuthentication(
                assertion,
                expecting: AuthenticationExpectation(challenge: request.challenge, requireUserVerification: true),
                credential: stored
            )
            #expect(result.newSignCount > stored.signCount)
            #expect(result.backupEligible && result.backupState)
            stored.signCount = result.newSignCount
        }
        // The same authenticator refuses to register again when its credential is excluded.
        let again = try party.creationOptions(
            userHandle: handle,
            userName: "alice",
            displayName: "Alice",
            excludeCredentials: [CredentialDescriptor(id: stored.id)],
            using: &random
        )
        #expect(throws: SoftwareAuthenticator.Failure.self) {
            _ = try authenticator.makeCredential(options: again.options, origin: Fixtures.origin)
        }
    }

    @Test("a replayed assertion is rejected by the counter")
    func replay() async throws {
        var random = SeededBytes(seed: 5)
        var authenticator = SoftwareAuthenticator()
        let creation = try Fixtures.party.creationOptions(userHandle: [1], userName: "bob", displayName: "Bob", using: &random)
        let registered = try await Fixtures.party.verifyRegistration(
            try authenticator.makeCredential(options: creation.options, origin: Fixtures.origin),
            expecting: RegistrationExpectation(challenge: creation.challenge),
            at: Fixtures.now
        )
        let request = try Fixtures.party.requestOptions(using: &random)
        let assertion = try authenticator.getAssertion(options: request.options, origin: Fixtures.origin)
        var stored = StoredCredential(
            id: registered.credentialID,
            publicKey: registered.publicKey,
            signCount: registered.signCount,
            backupEligible: false,
            userHandle: [1]
        )
        let expectation = AuthenticationExpectation(challenge: request.challenge)
        stored.signCount = try Fixtures.party.verifyAuthentication(assertion, expecting: expectation, credential: stored).newSignCount
        expectCode(.signCountRegressed) {
            _ = try Fixtures.party.verifyAuthentication(assertion, expecting: expectation, credential: stored)
        }
    }
}

/// Every error code is exercised by a negative test in this folder (or, for CBOR, in CBORTests).
@Suite("Error code coverage")
struct ErrorCodeCoverageTests {
    @Test("every WebAuthnError code appears in a test expectation")
    func everyCodeTested() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let sources = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".swift") && $0 != "CeremonyRoundTripTests.swift" }
            .map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
            .joined()
        for code in WebAuthnError.Code.allCases {
            #expect(sources.contains(".\(code)"), "no test names .\(code)")
        }
    }
}
