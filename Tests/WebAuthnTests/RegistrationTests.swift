import CBOR
import Foundation
import Testing
import WebAuthn
import WebAuthnTestSupport
import X509

@Suite("Registration ceremony (WebAuthn L3 §7.1)")
struct RegistrationTests {
    @Test("none attestation registers ES256, EdDSA and RS256 credentials", arguments: [COSEAlgorithm.es256, .edDSA, .rs256])
    func noneAttestation(algorithm: COSEAlgorithm) async throws {
        var authenticator = SoftwareAuthenticator(aaguid: Fixtures.aaguid, backupEligible: true, backupState: true)
        let response = try Fixtures.register(&authenticator, algorithm: algorithm)
        let result = try await Fixtures.verify(response)
        #expect(result.attestationType == .none)
        #expect(result.attestationTrust == .notApplicable)
        #expect(result.publicKey.algorithm == algorithm)
        #expect(result.aaguid == Fixtures.aaguid)
        #expect(result.backupEligible && result.backupState && result.userVerified)
        #expect(result.transports == ["internal"])
        #expect(result.residentKey == true)
        #expect(result.credentialID == authenticator.credentials[0].id)
    }

    @Test("packed self attestation")
    func packedSelf() async throws {
        var authenticator = SoftwareAuthenticator()
        let result = try await Fixtures.verify(try Fixtures.register(&authenticator, attestation: .packedSelf))
        #expect(result.attestationType == .self)
    }

    @Test("packed x5c attestation validates to the caller's anchor for the AAGUID")
    func packedTrusted() async throws {
        let authority = try Fixtures.authority()
        var authenticator = SoftwareAuthenticator(aaguid: Fixtures.aaguid)
        let response = try Fixtures.register(&authenticator, attestation: .packed(authority))
        let anchors = AttestationTrustAnchors(byAAGUID: [Fixtures.aaguid: [authority.root]])
        let result = try await Fixtures.verify(response, anchors: anchors)
        #expect(result.attestationType == .basic)
        #expect(result.attestationTrust == .verified)
        #expect(result.trustPath.count == 1)
        // Without an anchor the signature still verifies but the chain proves nothing.
        #expect(try await Fixtures.verify(response).attestationTrust == .noAnchor)
    }

    @Test("fido-u2f attestation, anchored by key identifier or AAGUID-less")
    func fidoU2F() async throws {
        let authority = try Fixtures.authority(aaguid: nil)
        var authenticator = SoftwareAuthenticator(userVerifying: false)
        let response = try Fixtures.register(&authenticator, attestation: .fidoU2F(authority))
        let result = try await Fixtures.verify(response, anchors: AttestationTrustAnchors(any: [authority.root]))
        #expect(result.attestationFormat == "fido-u2f")
        #expect(result.attestationTrust == .verified)
        #expect(!result.userVerified)
    }

    @Test("a chain whose only root is inside x5c is not trusted")
    func rootInX5C() async throws {
        var authority = try Fixtures.authority()
        authority.x5cIncludesRoot = true
        let other = try Fixtures.authority()
        var authenticator = SoftwareAuthenticator(aaguid: Fixtures.aaguid)
        let response = try Fixtures.register(&authenticator, attestation: .packed(authority))
        await #expect(throws: WebAuthnError.self) {
            _ = try await Fixtures.verify(response, anchors: AttestationTrustAnchors(byAAGUID: [Fixtures.aaguid: [other.root]]))
        }
        await expectCode(.attestationNotTrusted) {
            _ = try await Fixtures.verify(response, anchors: AttestationTrustAnchors(byAAGUID: [Fixtures.aaguid: [other.root]]))
        }
        // And with trusted attestation required but no anchor at all, the x5c root does not help.
        await expectCode(.attestationTrustAnchorMissing) {
            _ = try await Fixtures.verify(
                response,
                expectation: RegistrationExpectation(challenge: Fixtures.challenge, requireTrustedAttestation: true)
            )
        }
    }

    @Test("an expired attestation leaf at the validation time is not trusted")
    func expiredLeaf() async throws {
        let authority = try Fixtures.authority(from: "2020-01-01T00:00:00Z", to: "2021-01-01T00:00:00Z")
        var authenticator = SoftwareAuthenticator(aaguid: Fixtures.aaguid)
        let response = try Fixtures.register(&authenticator, attestation: .packed(authority))
        let anchors = AttestationTrustAnchors(byAAGUID: [Fixtures.aaguid: [authority.root]])
        await expectCode(.attestationNotTrusted) { _ = try await Fixtures.verify(response, anchors: anchors) }
        // The same chain is valid at a time inside its window.
        let inside = ISO8601DateFormatter().date(from: "2020-06-01T00:00:00Z")!
        #expect(try await Fixtures.verify(response, anchors: anchors, at: inside).attestationTrust == .verified)
    }

    @Test("a packed leaf whose AAGUID extension differs from authData is rejected")
    func aaguidMismatch() async throws {
        let authority = try Fixtures.authority(aaguid: Array(repeating: 9, count: 16))
        var authenticator = SoftwareAuthenticator(aaguid: Fixtures.aaguid)
        let response = try Fixtures.register(&authenticator, attestation: .packed(authority))
        await expectCode(.aaguidMismatch) { _ = try await Fixtures.verify(response) }
    }

    @Test("a packed leaf without OU=Authenticator Attestation is rejected")
    func packedRequirements() async throws {
        let authority = try Fixtures.authority(unit: "Something Else")
        var authenticator = SoftwareAuthenticator(aaguid: Fixtures.aaguid)
        let response = try Fixtures.register(&authenticator, attestation: .packed(authority))
        await expectCode(.certificateRequirementsUnmet) { _ = try await Fixtures.verify(response) }
    }

    @Test("trusted attestation required: none and self attestation are refused")
    func attestationRequired() async throws {
        var authenticator = SoftwareAuthenticator()
        let response = try Fixtures.register(&authenticator)
        await expectCode(.attestationNotAllowed) {
            _ = try await Fixtures.verify(
                response,
                expectation: RegistrationExpectation(challenge: Fixtures.challenge, requireTrustedAttestation: true)
            )
        }
    }

    @Test("client data checks: type, challenge, origin, cross-origin, top origin")
    func clientDataChecks() async throws {
        let cases: [(SoftwareAuthenticator.ClientDataOverrides, WebAuthnError.Code)] = [
            (.init(type: "webauthn.get"), .typeMismatch),
            (.init(challenge: Base64URL.encode([UInt8](repeating: 1, count: 32))), .challengeMismatch),
            (.init(challenge: Base64URL.encode(Fixtures.challenge) + "="), .challengeMismatch),
            (.init(origin: "https://evil.example"), .originMismatch),
            (.init(crossOrigin: true), .crossOriginNotAllowed),
            (.init(topOrigin: "https://bank.example"), .topOriginMismatch),
        ]
        for (overrides, code) in cases {
            var authenticator = SoftwareAuthenticator()
            let response = try Fixtures.register(&authenticator, clientData: overrides)
            await expectCode(code) { _ = try await Fixtures.verify(response) }
        }
        // Cross-origin is accepted when configured, with an allowed top origin only.
        var party = Fixtures.party
        party.allowsCrossOrigin = true
        party.allowedTopOrigins = ["https://partner.example"]
        var authenticator = SoftwareAuthenticator()
        let ok = try Fixtures.register(&authenticator, clientData: .init(crossOrigin: true, topOrigin: "https://partner.example"))
        _ = try await Fixtures.verify(ok, party: party)
        let bad = try Fixtures.register(&authenticator, clientData: .init(crossOrigin: true, topOrigin: "https://evil.example"))
        await expectCode(.topOriginMismatch) { _ = try await Fixtures.verify(bad, party: party) }
    }

    @Test("wrong rpIdHash")
    func wrongRPID() async throws {
        var authenticator = SoftwareAuthenticator()
        let response = try Fixtures.register(&authenticator, rpID: "evil.example")
        await expectCode(.rpIDHashMismatch) { _ = try await Fixtures.verify(response) }
    }

    @Test("UP=0, UV=0 when required, BE=0 with BS=1")
    func flags() async throws {
        var noPresence = SoftwareAuthenticator()
        noPresence.userPresent = false
        let a = try Fixtures.register(&noPresence)
        await expectCode(.userNotPresent) { _ = try await Fixtures.verify(a) }

        var noUV = SoftwareAuthenticator(userVerifying: false)
        let b = try Fixtures.register(&noUV)
        await expectCode(.userNotVerified) {
            _ = try await Fixtures.verify(b, expectation: RegistrationExpectation(challenge: Fixtures.challenge, requireUserVerification: true))
        }
        _ = try await Fixtures.verify(b)

        var badBackup = SoftwareAuthenticator(backupEligible: false, backupState: true)
        let c = try Fixtures.register(&badBackup)
        await expectCode(.invalidBackupFlags) { _ = try await Fixtures.verify(c) }
    }

    @Test("algorithm not offered in pubKeyCredParams")
    func algorithmNotRequested() async throws {
        var authenticator = SoftwareAuthenticator()
        let response = try Fixtures.register(&authenticator)
        await expectCode(.algorithmNotRequested) {
            _ = try await Fixtures.verify(response, expectation: RegistrationExpectation(challenge: Fixtures.challenge, algorithms: [.rs256]))
        }
    }

    @Test("malformed credentials and attestation objects")
    func malformed() async throws {
        var authenticator = SoftwareAuthenticator()
        let good = try Fixtures.register(&authenticator)

        var wrongType = good
        wrongType.type = "password"
        await expectCode(.malformedCredential) { _ = try await Fixtures.verify(wrongType) }

        var badBase64 = good
        badBase64.response.clientDataJSON = "***"
        await expectCode(.malformedCredential) { _ = try await Fixtures.verify(badBase64) }

        var notJSON = good
        notJSON.response.clientDataJSON = Base64URL.encode(Array("not json".utf8))
        await expectCode(.invalidClientData) { _ = try await Fixtures.verify(notJSON) }

        var garbage = good
        garbage.response.attestationObject = Base64URL.encode([0xA1, 0x01])
        await expectCode(.invalidAttestationObject) { _ = try await Fixtures.verify(garbage) }

        let noFormat = try Fixtures.editAttestation(good) { $0.removeAll { $0.key == .text("fmt") } }
        await expectCode(.invalidAttestationObject) { _ = try await Fixtures.verify(noFormat) }

        let unknownFormat = try Fixtures.editAttestation(good) { entries in
            entries[entries.firstIndex { $0.key == .text("fmt") }!].value = .text("made-up")
        }
        await expectCode(.unsupportedAttestationFormat) { _ = try await Fixtures.verify(unknownFormat) }

        let noneWithStatement = try Fixtures.editStatement(good) { $0.append(CBORMapEntry(.text("x"), .int(1))) }
        await expectCode(.invalidAttestationStatement) { _ = try await Fixtures.verify(noneWithStatement) }

        var badID = good
        badID.rawId = "not*base64"
        await expectCode(.malformedCredential) { _ = try await Fixtures.verify(badID) }

        let trailing = try Fixtures.editAuthData(good) { $0.append(0x00) }
        await expectCode(.invalidAuthenticatorData) { _ = try await Fixtures.verify(trailing) }

        let noCredential = try Fixtures.editAuthData(good) { bytes in
            bytes[32] &= ~AuthenticatorFlags.attestedCredentialData.rawValue
            bytes.removeSubrange(37...)
        }
        await expectCode(.attestedCredentialDataMissing) { _ = try await Fixtures.verify(noCredential) }
    }

    @Test("attestation signatures over other data and bad certificates are rejected")
    func badAttestationSignatures() async throws {
        var authenticator = SoftwareAuthenticator(aaguid: Fixtures.aaguid)
        let selfAttested = try Fixtures.register(&authenticator, attestation: .packedSelf)
        let flipped = try Fixtures.editStatement(selfAttested) { statement in
            let i = statement.firstIndex { $0.key == .text("sig") }!
            var sig = statement[i].value.bytesValue!
            sig[sig.count - 3] ^= 0x01
            statement[i].value = .bytes(sig)
        }
        await expectCode(.attestationSignatureInvalid) { _ = try await Fixtures.verify(flipped) }

        let wrongAlg = try Fixtures.editStatement(selfAttested) { statement in
            statement[statement.firstIndex { $0.key == .text("alg") }!].value = .int(-257)
        }
        await expectCode(.invalidAttestationStatement) { _ = try await Fixtures.verify(wrongAlg) }

        let authority = try Fixtures.authority()
        let packed = try Fixtures.register(&authenticator, attestation: .packed(authority))
        let badCertificate = try Fixtures.editStatement(packed) { statement in
            statement[statement.firstIndex { $0.key == .text("x5c") }!].value = .array([.bytes([0x30, 0x00])])
        }
        await expectCode(.invalidCertificate) { _ = try await Fixtures.verify(badCertificate) }

        let u2f = try Fixtures.register(&authenticator, attestation: .fidoU2F(try Fixtures.authority(aaguid: nil)))
        let u2fFlipped = try Fixtures.editStatement(u2f) { statement in
            let i = statement.firstIndex { $0.key == .text("sig") }!
            var sig = statement[i].value.bytesValue!
            sig[sig.count - 3] ^= 0x01
            statement[i].value = .bytes(sig)
        }
        await expectCode(.attestationSignatureInvalid) { _ = try await Fixtures.verify(u2fFlipped) }
    }
}

/// Expects `body` to throw a `WebAuthnError` with `code`.
func expectCode(_ code: WebAuthnError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async {
    do {
        try await body()
        Issue.record("expected \(code.rawValue), but it succeeded", sourceLocation: sourceLocation)
    } catch let error as WebAuthnError {
        #expect(error.code == code, "got \(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(code.rawValue), got \(error)", sourceLocation: sourceLocation)
    }
}

func expectCode(_ code: WebAuthnError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected \(code.rawValue), but it succeeded", sourceLocation: sourceLocation)
    } catch let error as WebAuthnError {
        #expect(error.code == code, "got \(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(code.rawValue), got \(error)", sourceLocation: sourceLocation)
    }
}
