import Foundation
public import X509

/// The outcome of a verified registration: what to store and what the attestation proved.
public struct RegisteredCredential: Sendable {
    public let credentialID: [UInt8]
    public let publicKey: COSEKey
    public let signCount: UInt32
    public let aaguid: [UInt8]
    /// The attestation statement format identifier (`packed`, `tpm`, …).
    public let attestationFormat: String
    public let attestationType: AttestationType
    /// The attestation certificates, leaf first, as they arrived (`x5c`).
    public let trustPath: [Certificate]
    public let attestationTrust: AttestationTrust
    public let userVerified: Bool
    public let backupEligible: Bool
    public let backupState: Bool
    /// `response.transports` as reported by the client.
    public let transports: [String]
    /// `credProps.rk` when the client reported it: whether the credential is discoverable.
    public let residentKey: Bool?
    public let authenticatorAttachment: String?

    /// The AAGUID in its canonical text form.
    public var aaguidString: String {
        UUID(
            uuid: (
                aaguid[0], aaguid[1], aaguid[2], aaguid[3], aaguid[4], aaguid[5], aaguid[6], aaguid[7],
                aaguid[8], aaguid[9], aaguid[10], aaguid[11], aaguid[12], aaguid[13], aaguid[14], aaguid[15]
            )
        ).uuidString.lowercased()
    }
}
