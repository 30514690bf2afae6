import CBOR
import Crypto
import Foundation
import Testing

@testable import WebAuthn

/// Negative tests for the formats whose statements cannot be produced by the software authenticator,
/// made by altering real statements from the external corpus.
@Suite("Attestation formats on altered corpus statements", .enabled(if: !CorpusVector.fileNames.isEmpty))
struct AttestationFormatTests {
    /// The parts of a corpus registration an attestation statement verifier needs.
    static func input(
        _ name: String,
        clientDataHash override: [UInt8]? = nil,
        statement edit: ((inout [CBORMapEntry]) -> Void)? = nil
    ) throws -> AttestationInput {
        let (_, json) = try CorpusVector.load(name)
        let response = try JSONDecoder().decode(RegistrationResponseJSON.self, from: json)
        let object = try AttestationObject(bytes: Base64URL.decode(response.response.attestationObject)!)
        let credential = try #require(object.authenticatorData.attestedCredentialData)
        var statement = object.statement
        if let edit {
            var entries = statement.mapEntries!
            edit(&entries)
            statement = .map(entries)
        }
        return AttestationInput(
            statement: statement,
            authenticatorData: object.authenticatorData,
            clientDataHash: override ?? Array(SHA256.hash(data: Base64URL.decode(response.response.clientDataJSON)!)),
            credential: credential,
            credentialKey: try COSEKey(encoded: credential.publicKey)
        )
    }

    static func editBytes(_ key: String, _ edit: @escaping (inout [UInt8]) -> Void) -> (inout [CBORMapEntry]) -> Void {
        { entries in
            let i = entries.firstIndex { $0.key == .text(key) }!
            var bytes = entries[i].value.bytesValue!
            edit(&bytes)
            entries[i].value = .bytes(bytes)
        }
    }

    @Test("TPM: the unaltered statement verifies")
    func tpmValid() throws {
        #expect(try TPMAttestation.verify(try Self.input("reg-w3c-tpm-es256.json")).type == .attestationCA)
    }

    @Test("TPM: certInfo naming another key is rejected")
    func tpmCertInfoOtherKey() throws {
        let input = try Self.input(
            "reg-w3c-tpm-es256.json",
            statement: Self.editBytes("certInfo") { certInfo in
                // attested.name is followed by qualifiedName (2-byte size + bytes); flip the name's last byte.
                var r = TPMReader(certInfo)
                _ = try? r.take(6)
                _ = try? r.sized()
                _ = try? r.sized()
                _ = try? r.take(25)
                let nameStart = r.position + 2
                let nameLength = (try? r.sized())?.count ?? 0
                certInfo[nameStart + nameLength - 1] ^= 0xFF
            }
        )
        #expect(throws: WebAuthnError(.tpmCertInfoInvalid, "")) { try TPMAttestation.verify(input) }
    }

    @Test("TPM: wrong magic, wrong extraData")
    func tpmCertInfoFields() throws {
        let magic = try Self.input("reg-w3c-tpm-es256.json", statement: Self.editBytes("certInfo") { $0[0] ^= 1 })
        #expect(throws: WebAuthnError(.tpmCertInfoInvalid, "")) { try TPMAttestation.verify(magic) }
        let extra = try Self.input("reg-w3c-tpm-es256.json", clientDataHash: Array(repeating: 0, count: 32))
        #expect(throws: WebAuthnError(.tpmCertInfoInvalid, "")) { try TPMAttestation.verify(extra) }
    }

    @Test("TPM: pubArea describing another key is rejected")
    func tpmPubArea() throws {
        let input = try Self.input("reg-w3c-tpm-es256.json", statement: Self.editBytes("pubArea") { $0[$0.count - 1] ^= 0xFF })
        #expect(throws: WebAuthnError(.tpmPubAreaMismatch, "")) { try TPMAttestation.verify(input) }
    }

    @Test("TPM: ver must be 2.0")
    func tpmVersion() throws {
        let input = try Self.input("reg-w3c-tpm-es256.json") { entries in
            entries[entries.firstIndex { $0.key == .text("ver") }!].value = .text("1.2")
        }
        #expect(throws: WebAuthnError(.invalidAttestationStatement, "")) { try TPMAttestation.verify(input) }
    }

    @Test("Apple: a nonce over other data is rejected")
    func appleNonce() throws {
        _ = try AppleAttestation.verify(try Self.input("reg-w3c-apple-es256.json"))
        let input = try Self.input("reg-w3c-apple-es256.json", clientDataHash: Array(repeating: 1, count: 32))
        #expect(throws: WebAuthnError(.appleNonceMismatch, "")) { try AppleAttestation.verify(input) }
    }

    @Test("Android key: a real statement verifies; a signature over other data does not")
    func androidKey() throws {
        _ = try AndroidKeyAttestation.verify(try Self.input("reg-android-key-pixel8a-1.json"))
        let other = try Self.input("reg-android-key-pixel8a-1.json", clientDataHash: Array(repeating: 1, count: 32))
        #expect(throws: WebAuthnError(.attestationSignatureInvalid, "")) { try AndroidKeyAttestation.verify(other) }
    }

    @Test("Android key: the W3C vector's empty authorization lists fail the origin/purpose check")
    func emptyAuthorizationLists() throws {
        #expect(throws: WebAuthnError(.androidKeyDescriptionInvalid, "")) {
            try AndroidKeyAttestation.verify(try Self.input("reg-w3c-android-key-es256.json"))
        }
    }

    @Test("Android key: malformed KeyDescription")
    func keyDescription() {
        #expect(throws: WebAuthnError(.androidKeyDescriptionInvalid, "")) { try KeyDescription([0x30, 0x03, 0x02, 0x01, 0x01]) }
        #expect(throws: WebAuthnError(.androidKeyDescriptionInvalid, "")) { try KeyDescription([0x04, 0x00]) }
    }

    @Test("SafetyNet: a nonce over other data, and a response that is not a JWS")
    func safetyNet() throws {
        let other = try Self.input("reg-android-safetynet-1.json", clientDataHash: Array(repeating: 1, count: 32))
        #expect(throws: WebAuthnError(.safetyNetInvalid, "")) { try AndroidSafetyNetAttestation.verify(other) }
        let garbage = try Self.input("reg-android-safetynet-1.json") { entries in
            entries[entries.firstIndex { $0.key == .text("response") }!].value = .bytes(Array("a.b".utf8))
        }
        #expect(throws: WebAuthnError(.safetyNetInvalid, "")) { try AndroidSafetyNetAttestation.verify(garbage) }
    }
}
