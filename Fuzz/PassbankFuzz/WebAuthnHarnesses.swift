import CBOR
import Crypto
import Foundation
import WebAuthn

/// The CBOR decoder (RFC 8949) on its own: whatever decodes must survive an encode–decode round trip.
enum CBORHarness {
    static func run(_ bytes: [UInt8]) {
        let decoder = CBORDecoder()
        if let value = try? decoder.decode(bytes) {
            guard (try? decoder.decode(CBOREncoder.encode(value))) == value else {
                fatalError("CBOR round trip changed a value: \(value)")
            }
        }
        if let (_, range) = try? decoder.decodePrefix(bytes) {
            guard range.lowerBound == 0, range.upperBound <= bytes.count, !range.isEmpty else {
                fatalError("decodePrefix returned \(range) for \(bytes.count) bytes")
            }
        }
    }
}

/// Authenticator data (WebAuthn L3 §6.1) and the COSE key it carries.
enum AuthenticatorDataHarness {
    static func run(_ bytes: [UInt8]) {
        guard let data = try? AuthenticatorData(bytes: bytes) else { return }
        // Parsed strictly: every byte belongs to a declared part.
        guard data.bytes == bytes, data.rpIDHash.count == 32 else { fatalError("authenticator data lost bytes") }
        if let credential = data.attestedCredentialData {
            guard credential.aaguid.count == 16, credential.credentialID.count <= 1023 else {
                fatalError("attested credential data out of shape")
            }
            _ = try? COSEKey(encoded: credential.publicKey)
        }
    }
}

/// A fixed relying party and challenge, so registration verification runs as it does in the server.
enum FixedCeremony {
    static let relyingParty = RelyingParty(id: "passbank.example", name: "Passbank", origins: ["https://passbank.example"])
    static let challenge = [UInt8](repeating: 0x2A, count: 32)
    static let rpIDHash = Array(SHA256.hash(data: Array("passbank.example".utf8)))
    /// 2024-06-01T00:00:00Z: inside the validity of most certificates in the shared corpus.
    static let time = Date(timeIntervalSince1970: 1_717_200_000)
    static let clientDataJSON = Array(
        """
        {"type":"webauthn.create","challenge":"\(Base64URL.encode(challenge))","origin":"https://passbank.example"}
        """.utf8
    )

    /// `verifyRegistration` of these bytes; every outcome but a trap is fine.
    static func verify(clientDataJSON: [UInt8], attestationObject: [UInt8]) {
        let response = RegistrationResponseJSON(
            id: "AAAA",
            rawId: "AAAA",
            response: AuthenticatorAttestationResponseJSON(
                clientDataJSON: Base64URL.encode(clientDataJSON),
                attestationObject: Base64URL.encode(attestationObject)
            )
        )
        let expectation = RegistrationExpectation(challenge: challenge)
        _ = BlockingTask.run {
            try? await relyingParty.verifyRegistration(response, expecting: expectation, at: time)
        }
    }
}

/// clientDataJSON (WebAuthn L3 §5.8.1): the parser, then the §7.1 steps 5–10 checks of a registration.
enum ClientDataHarness {
    static func run(_ bytes: [UInt8]) {
        _ = try? CollectedClientData(json: bytes)
        FixedCeremony.verify(clientDataJSON: bytes, attestationObject: [])
    }
}

/// The attestation object through the whole registration path (WebAuthn L3 §7.1 steps 11–22) with a valid
/// clientDataJSON. The authenticator data's rpIdHash is rewritten to the fixed relying party's and UP set,
/// so inputs from any site's corpus reach the attestation statement formats.
enum RegistrationHarness {
    static func run(_ bytes: [UInt8]) {
        _ = try? AttestationObject(bytes: bytes)
        FixedCeremony.verify(clientDataJSON: FixedCeremony.clientDataJSON, attestationObject: retargeted(bytes))
    }

    static func retargeted(_ bytes: [UInt8]) -> [UInt8] {
        guard case .map(var entries)? = try? CBORDecoder().decode(bytes),
            let index = entries.firstIndex(where: { $0.key == .text("authData") }),
            case .bytes(var authData) = entries[index].value, authData.count >= 37
        else { return bytes }
        authData.replaceSubrange(0..<32, with: FixedCeremony.rpIDHash)
        authData[32] |= 0x01
        entries[index].value = .bytes(authData)
        return CBOREncoder.encode(.map(entries))
    }
}
