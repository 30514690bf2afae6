import CBOR
import Foundation
import WebAuthn
import WebAuthnTestSupport
import X509

/// Shared values for the ceremony tests: one relying party, a software authenticator, a fixed time.
enum Fixtures {
    static let party = RelyingParty(id: "bank.example", name: "Bank", origins: ["https://bank.example"])
    static let origin = "https://bank.example"
    static let challenge: [UInt8] = Array(0..<32)
    static let userHandle: [UInt8] = Array(repeating: 0xAB, count: 32)
    static let aaguid: [UInt8] = Array(1...16)
    static let now = ISO8601DateFormatter().date(from: "2026-06-01T00:00:00Z")!

    static func authority(
        aaguid: [UInt8]? = Fixtures.aaguid,
        unit: String = "Authenticator Attestation",
        from: String = "2025-01-01T00:00:00Z",
        to: String = "2035-01-01T00:00:00Z"
    ) throws -> AttestationAuthority {
        let f = ISO8601DateFormatter()
        return try AttestationAuthority(
            certifiedAAGUID: aaguid,
            organizationalUnit: unit,
            notBefore: f.date(from: from)!,
            notAfter: f.date(from: to)!
        )
    }

    static func register(
        _ authenticator: inout SoftwareAuthenticator,
        algorithm: COSEAlgorithm = .es256,
        attestation: SoftwareAuthenticator.Attestation = .none,
        clientData: SoftwareAuthenticator.ClientDataOverrides = .init(),
        rpID: String = "bank.example"
    ) throws -> RegistrationResponseJSON {
        try authenticator.makeCredential(
            rpID: rpID,
            origin: origin,
            challenge: challenge,
            userHandle: userHandle,
            algorithm: algorithm,
            attestation: attestation,
            clientData: clientData
        )
    }

    static func verify(
        _ response: RegistrationResponseJSON,
        party: RelyingParty = Fixtures.party,
        expectation: RegistrationExpectation = RegistrationExpectation(challenge: Fixtures.challenge),
        anchors: AttestationTrustAnchors = .empty,
        at time: Date = Fixtures.now
    ) async throws -> RegisteredCredential {
        try await party.verifyRegistration(response, expecting: expectation, trustAnchors: anchors, at: time)
    }

    /// Re-encodes a registration's attestation object after `edit` changes its CBOR.
    static func editAttestation(_ response: RegistrationResponseJSON, _ edit: (inout [CBORMapEntry]) -> Void) throws -> RegistrationResponseJSON {
        var copy = response
        let value = try CBORDecoder().decode(Base64URL.decode(response.response.attestationObject)!)
        var entries = value.mapEntries!
        edit(&entries)
        copy.response.attestationObject = Base64URL.encode(CBOREncoder.encode(.map(entries)))
        return copy
    }

    /// Replaces a member of the attestation statement.
    static func editStatement(
        _ response: RegistrationResponseJSON,
        _ edit: @escaping (inout [CBORMapEntry]) -> Void
    ) throws -> RegistrationResponseJSON {
        try editAttestation(response) { entries in
            let index = entries.firstIndex { $0.key == .text("attStmt") }!
            var statement = entries[index].value.mapEntries!
            edit(&statement)
            entries[index].value = .map(statement)
        }
    }

    /// Replaces the authenticator data bytes in an attestation object.
    static func editAuthData(_ response: RegistrationResponseJSON, _ edit: @escaping (inout [UInt8]) -> Void) throws -> RegistrationResponseJSON {
        try editAttestation(response) { entries in
            let index = entries.firstIndex { $0.key == .text("authData") }!
            var bytes = entries[index].value.bytesValue!
            edit(&bytes)
            entries[index].value = .bytes(bytes)
        }
    }

    static func stored(
        _ authenticator: SoftwareAuthenticator,
        index: Int = 0,
        backupEligible: Bool? = nil,
        signCount: UInt32? = nil
    ) throws -> StoredCredential {
        let credential = authenticator.credentials[index]
        return StoredCredential(
            id: credential.id,
            publicKey: try COSEKey(encoded: credential.publicKey),
            signCount: signCount ?? credential.signCount,
            backupEligible: backupEligible ?? authenticator.backupEligible,
            userHandle: credential.userHandle
        )
    }
}
