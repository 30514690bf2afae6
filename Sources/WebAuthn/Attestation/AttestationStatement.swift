import CBOR
import SwiftASN1
import X509

/// What an attestation statement verifier gets (WebAuthn L3 §8: attStmt, authenticatorData, clientDataHash).
struct AttestationInput {
    let statement: CBORValue
    let authenticatorData: AuthenticatorData
    let clientDataHash: [UInt8]
    let credential: AttestedCredentialData
    let credentialKey: COSEKey

    /// authenticatorData ‖ clientDataHash, the bytes most formats sign.
    var signedData: [UInt8] { authenticatorData.bytes + clientDataHash }
}

/// What a verified statement yields: its type and trust path (x5c, leaf first).
struct AttestationOutcome {
    let type: AttestationType
    let trustPath: [Certificate]
}

/// One attestation statement format (WebAuthn L3 §8).
protocol AttestationStatementFormat {
    static var identifier: String { get }
    static func verify(_ input: AttestationInput) throws(WebAuthnError) -> AttestationOutcome
}

extension CBORValue {
    /// A required member of an attestation statement.
    func member(_ name: String, format: String) throws(WebAuthnError) -> CBORValue {
        guard let value = self[text: name] else {
            throw WebAuthnError(.invalidAttestationStatement, "The \(format) statement has no \(name).")
        }
        return value
    }

    /// The `x5c` array parsed as DER certificates, leaf first.
    func certificates(format: String) throws(WebAuthnError) -> [Certificate] {
        guard let array = self[text: "x5c"]?.arrayValue, !array.isEmpty, array.count <= 8 else {
            throw WebAuthnError(.invalidAttestationStatement, "The \(format) statement's x5c is missing, empty or too long.")
        }
        var certificates: [Certificate] = []
        for item in array {
            guard let der = item.bytesValue, let certificate = try? Certificate(derEncoded: der) else {
                throw WebAuthnError(.invalidCertificate, "An x5c entry of the \(format) statement is not a DER certificate.")
            }
            certificates.append(certificate)
        }
        return certificates
    }

    func algorithm(format: String) throws(WebAuthnError) -> COSEAlgorithm {
        guard let raw = try member("alg", format: format).intValue else {
            throw WebAuthnError(.invalidAttestationStatement, "The \(format) statement's alg is not an integer.")
        }
        return COSEAlgorithm(rawValue: raw)
    }

    func signature(format: String) throws(WebAuthnError) -> [UInt8] {
        guard let sig = try member("sig", format: format).bytesValue else {
            throw WebAuthnError(.invalidAttestationStatement, "The \(format) statement's sig is not a byte string.")
        }
        return sig
    }
}
