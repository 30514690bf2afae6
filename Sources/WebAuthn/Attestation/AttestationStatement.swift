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
        var ders: [[UInt8]] = []
        for item in array {
            guard let der = item.bytesValue else {
                throw WebAuthnError(.invalidCertificate, "An x5c entry of the \(format) statement is not a byte string.")
            }
            ders.append(der)
        }
        return try Certificate.chain(ders, format: format)
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

extension Certificate {
    /// Parses an attestation chain, leaf first. The leaf must parse. An intermediate that does not (real
    /// Windows TPM intermediates carry negative serial numbers, which RFC 5280 forbids) is left out: it
    /// is untrusted input that could only have helped build a path, so dropping it never adds trust.
    static func chain(_ ders: [[UInt8]], format: String) throws(WebAuthnError) -> [Certificate] {
        guard let first = ders.first, let leaf = try? Certificate(derEncoded: first) else {
            throw WebAuthnError(.invalidCertificate, "The \(format) attestation certificate is not a DER certificate.")
        }
        return [leaf] + ders.dropFirst().compactMap { try? Certificate(derEncoded: $0) }
    }
}
