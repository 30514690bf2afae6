import Foundation
import Testing
import WebAuthn
import WebAuthnTestSupport

@Suite("Options builders (WebAuthn L3 §5.4, §5.5)")
struct OptionsTests {
    @Test("creation options carry a 32-byte challenge, a random handle and the requested policy")
    func creation() throws {
        var random = SeededBytes(seed: 42)
        let handle = RelyingParty.makeUserHandle(using: &random)
        #expect(handle.count == 32)
        let (options, challenge) = try Fixtures.party.creationOptions(
            userHandle: handle,
            userName: "alice",
            displayName: "Alice",
            excludeCredentials: [CredentialDescriptor(id: [1, 2], transports: ["usb"])],
            selection: AuthenticatorSelection(authenticatorAttachment: "cross-platform", residentKey: "required", userVerification: "required"),
            hints: [.securityKey],
            attestation: .direct,
            using: &random
        )
        #expect(challenge.count == 32)
        #expect(options.challenge == Base64URL.encode(challenge))
        #expect(options.user.id == Base64URL.encode(handle))
        #expect(options.user.id != Base64URL.encode(Array("alice".utf8)))
        #expect(options.pubKeyCredParams.prefix(3).map(\.alg) == [.es256, .edDSA, .rs256])
        #expect(options.hints == ["security-key"])
        #expect(options.attestation == "direct")
        #expect(options.extensions?.credProps == true)
        #expect(options.authenticatorSelection?.requireResidentKey == true)
        let json = String(decoding: try JSONEncoder().encode(options), as: UTF8.self)
        #expect(json.contains(#""alg":-7"#))
        #expect(json.contains(#""transports":["usb"]"#))
        // A second call draws a different challenge.
        let again = try Fixtures.party.creationOptions(userHandle: handle, userName: "alice", displayName: "Alice", using: &random)
        #expect(again.challenge != challenge)
    }

    @Test("invalid user handles and names are refused")
    func invalidCreation() {
        var random = SeededBytes(seed: 1)
        for handle in [[UInt8](), [UInt8](repeating: 1, count: 65)] {
            #expect(throws: WebAuthnError(.invalidOptions, "")) {
                _ = try Fixtures.party.creationOptions(userHandle: handle, userName: "a", displayName: "A", using: &random)
            }
        }
        #expect(throws: WebAuthnError(.invalidOptions, "")) {
            _ = try Fixtures.party.creationOptions(userHandle: [1], userName: "", displayName: "A", using: &random)
        }
        #expect(throws: WebAuthnError(.invalidOptions, "")) {
            _ = try Fixtures.party.creationOptions(userHandle: [1], userName: "a", displayName: "A", algorithms: [], using: &random)
        }
    }

    @Test("request options")
    func request() throws {
        var random = SeededBytes(seed: 7)
        let (options, challenge) = try Fixtures.party.requestOptions(
            allowCredentials: [CredentialDescriptor(id: [9], transports: ["internal"])],
            userVerification: "required",
            hints: [.securityKey],
            using: &random
        )
        #expect(options.rpId == "bank.example")
        #expect(options.challenge == Base64URL.encode(challenge))
        #expect(options.allowCredentials.first?.id == Base64URL.encode([9]))
        #expect(throws: WebAuthnError(.invalidOptions, "")) {
            _ = try Fixtures.party.requestOptions(userVerification: "always", using: &random)
        }
    }

    @Test("every error code has a negative test somewhere; codes are stable kebab-case")
    func codes() {
        for code in WebAuthnError.Code.allCases {
            #expect(code.rawValue.allSatisfy { $0.isLowercase || $0 == "-" || $0.isNumber })
        }
        #expect(WebAuthnError(.signatureInvalid, "a") == WebAuthnError(.signatureInvalid, "b"))
    }
}
