import CBOR
import Crypto
import Foundation
import SwiftASN1
import X509

/// Android SafetyNet attestation (WebAuthn L3 §8.5): a compact JWS from Google Play Services.
enum AndroidSafetyNetAttestation: AttestationStatementFormat {
    static let identifier = "android-safetynet"

    static func verify(_ input: AttestationInput) throws(WebAuthnError) -> AttestationOutcome {
        // §8.5 step 1: ver is non-empty; response is the JWS.
        guard let ver = input.statement[text: "ver"]?.textValue, !ver.isEmpty,
            let response = input.statement[text: "response"]?.bytesValue,
            let jws = String(validating: response, as: UTF8.self)
        else {
            throw WebAuthnError(.invalidAttestationStatement, "The android-safetynet statement lacks ver or response.")
        }
        let parts = jws.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3,
            let headerBytes = Base64URL.decode(parts[0]), let payloadBytes = Base64URL.decode(parts[1]),
            let signature = Base64URL.decode(parts[2]),
            let header = try? JSONSerialization.jsonObject(with: Data(headerBytes)) as? [String: Any],
            let payload = try? JSONSerialization.jsonObject(with: Data(payloadBytes)) as? [String: Any],
            let algName = header["alg"] as? String,
            let x5c = header["x5c"] as? [String], !x5c.isEmpty, x5c.count <= 8
        else {
            throw WebAuthnError(.safetyNetInvalid, "The SafetyNet response is not a JWS with alg and x5c.")
        }
        var ders: [[UInt8]] = []
        for entry in x5c {
            guard let der = Data(base64Encoded: entry) else {
                throw WebAuthnError(.invalidCertificate, "A SafetyNet x5c entry is not base64.")
            }
            ders.append(Array(der))
        }
        let certificates = try Certificate.chain(ders, format: identifier)
        let leaf = certificates[0]
        // §8.5 step 2: nonce is base64(SHA-256(authenticatorData ‖ clientDataHash)).
        let nonce = Data(SHA256.hash(data: input.signedData)).base64EncodedString()
        guard payload["nonce"] as? String == nonce else {
            throw WebAuthnError(.safetyNetInvalid, "The SafetyNet nonce does not match the attested data.")
        }
        // §8.5 step 3: the JWS signature verifies with the leaf, issued to attest.android.com.
        let algorithm: COSEAlgorithm
        switch algName {
        case "RS256": algorithm = .rs256
        case "ES256": algorithm = .es256
        default: throw WebAuthnError(.unsupportedAlgorithm, "SafetyNet JWS alg \(algName) is not supported.")
        }
        let signingInput = Array("\(parts[0]).\(parts[1])".utf8)
        guard try leaf.verify(signature, over: signingInput, algorithm: algorithm) else {
            throw WebAuthnError(.attestationSignatureInvalid, "The SafetyNet JWS signature does not verify.")
        }
        guard leaf.subjectValues(ASN1ObjectIdentifier.RDNAttributeType.commonName) == ["attest.android.com"] else {
            throw WebAuthnError(.certificateRequirementsUnmet, "The SafetyNet certificate is not issued to attest.android.com.")
        }
        // §8.5 step 4: ctsProfileMatch is true.
        guard payload["ctsProfileMatch"] as? Bool == true else {
            throw WebAuthnError(.safetyNetIntegrity, "SafetyNet reports ctsProfileMatch false.")
        }
        return AttestationOutcome(type: .basic, trustPath: certificates)
    }
}
