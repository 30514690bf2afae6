import CBOR
import Testing
import WebAuthn

@Suite("Authenticator data (WebAuthn L3 §6.1)")
struct AuthenticatorDataTests {
    static let rpIDHash = [UInt8](repeating: 0x11, count: 32)
    static let key = CBOREncoder.encode(.map([CBORMapEntry(.int(1), .int(2))]))

    func data(flags: UInt8, count: UInt32 = 5, attested: [UInt8] = [], extensions: [UInt8] = []) -> [UInt8] {
        Self.rpIDHash + [flags, UInt8(count >> 24), UInt8((count >> 16) & 0xFF), UInt8((count >> 8) & 0xFF), UInt8(count & 0xFF)]
            + attested + extensions
    }

    func attested(idLength: Int = 4, key: [UInt8] = AuthenticatorDataTests.key) -> [UInt8] {
        [UInt8](repeating: 0xAA, count: 16) + [UInt8(idLength >> 8), UInt8(idLength & 0xFF)]
            + [UInt8](repeating: 0xCC, count: idLength) + key
    }

    @Test("parses flags, counter, attested credential data and extensions")
    func parses() throws {
        let ext = CBOREncoder.encode(.map([CBORMapEntry(.text("credProtect"), .int(2))]))
        let parsed = try AuthenticatorData(bytes: data(flags: 0xC5 | 0x18, count: 0x0102_0304, attested: attested(), extensions: ext))
        #expect(parsed.rpIDHash == Self.rpIDHash)
        #expect(parsed.flags.contains([.userPresent, .userVerified, .backupEligible, .backupState, .attestedCredentialData, .extensionData]))
        #expect(parsed.signCount == 0x0102_0304)
        #expect(parsed.attestedCredentialData?.credentialID == [UInt8](repeating: 0xCC, count: 4))
        #expect(parsed.attestedCredentialData?.publicKey == Self.key)
        #expect(parsed.extensions?[text: "credProtect"] == .int(2))
    }

    @Test("rejects truncated, trailing and inconsistent data")
    func rejects() {
        let ext = CBOREncoder.encode(.map([]))
        let cases: [[UInt8]] = [
            [],
            Array(repeating: 0, count: 36),
            data(flags: 0x01) + [0x00],  // trailing byte
            data(flags: 0x41),  // AT without attested data
            data(flags: 0x41, attested: Array(attested().prefix(20))),  // truncated credential ID
            data(flags: 0x41, attested: attested(idLength: 1024)),  // credential ID longer than 1023
            data(flags: 0x41, attested: attested(key: [0xA1, 0x01])),  // truncated key
            data(flags: 0x41, attested: attested(key: [0xA1, 0x01, 0x18, 0x01])),  // non-shortest key
            data(flags: 0x81),  // ED without extensions
            data(flags: 0x81, extensions: [0x01]),  // extensions not a map
            data(flags: 0x01, extensions: ext),  // extensions without ED
            data(flags: 0x41, attested: attested()) + ext,  // extension bytes without ED
        ]
        for bytes in cases {
            #expect(throws: WebAuthnError(.invalidAuthenticatorData, "")) { try AuthenticatorData(bytes: bytes) }
        }
    }
}
