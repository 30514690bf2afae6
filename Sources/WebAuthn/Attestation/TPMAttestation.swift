import CBOR
import Crypto
import SwiftASN1
import X509

/// TPM attestation (WebAuthn L3 §8.3).
enum TPMAttestation: AttestationStatementFormat {
    static let identifier = "tpm"
    static let aikCertificateEKU: ASN1ObjectIdentifier = [2, 23, 133, 8, 3]  // tcg-kp-AIKCertificate
    static let manufacturerOID: ASN1ObjectIdentifier = [2, 23, 133, 2, 1]
    static let modelOID: ASN1ObjectIdentifier = [2, 23, 133, 2, 2]
    static let versionOID: ASN1ObjectIdentifier = [2, 23, 133, 2, 3]

    static func verify(_ input: AttestationInput) throws(WebAuthnError) -> AttestationOutcome {
        let statement = input.statement
        // §8.3 verification step 1: ver is "2.0".
        guard statement[text: "ver"]?.textValue == "2.0" else {
            throw WebAuthnError(.invalidAttestationStatement, "The tpm statement's ver is not 2.0.")
        }
        let alg = try statement.algorithm(format: identifier)
        let sig = try statement.signature(format: identifier)
        guard let pubAreaBytes = statement[text: "pubArea"]?.bytesValue,
            let certInfoBytes = statement[text: "certInfo"]?.bytesValue
        else {
            throw WebAuthnError(.invalidAttestationStatement, "The tpm statement lacks pubArea or certInfo.")
        }
        // Step 2: the key in pubArea (parameters and unique) is the credential public key.
        let pubArea = try TPMPublicArea(pubAreaBytes)
        guard try pubArea.key == expectedKey(input.credentialKey) else {
            throw WebAuthnError(.tpmPubAreaMismatch, "pubArea describes a different key than the credential public key.")
        }
        // Step 4: certInfo is valid.
        let certInfo = try TPMCertifyInfo(certInfoBytes)
        guard certInfo.magic == TPMConstant.generatedValue else {
            throw WebAuthnError(.tpmCertInfoInvalid, "certInfo.magic is not TPM_GENERATED_VALUE.")
        }
        guard certInfo.type == TPMConstant.attestCertify else {
            throw WebAuthnError(.tpmCertInfoInvalid, "certInfo.type is not TPM_ST_ATTEST_CERTIFY.")
        }
        // extraData is the hash of attToBeSigned with the hash algorithm of alg.
        guard certInfo.extraData == (try digest(input.signedData, for: alg)) else {
            throw WebAuthnError(.tpmCertInfoInvalid, "certInfo.extraData is not the hash of the attested data.")
        }
        // attested.name is nameAlg ‖ H_nameAlg(pubArea): certInfo certifies exactly this pubArea.
        guard certInfo.attestedName == (try name(of: pubAreaBytes, algorithm: pubArea.nameAlgorithm)) else {
            throw WebAuthnError(.tpmCertInfoInvalid, "certInfo names a different key than pubArea.")
        }
        // x5c: sig is a signature over certInfo by the AIK.
        let certificates = try statement.certificates(format: identifier)
        let aik = certificates[0]
        guard try aik.verify(sig, over: certInfoBytes, algorithm: alg) else {
            throw WebAuthnError(.attestationSignatureInvalid, "The tpm signature over certInfo does not verify with the AIK.")
        }
        try checkRequirements(aik)
        // The AAGUID extension, if present, matches authData.
        try aik.checkAAGUIDExtension(matches: input.credential.aaguid)
        return AttestationOutcome(type: .attestationCA, trustPath: certificates)
    }

    static func expectedKey(_ key: COSEKey) throws(WebAuthnError) -> TPMPublicArea.Key {
        switch key.keyType {
        case .rsa:
            let n = key.value[int: -1]?.bytesValue ?? []
            let e = (key.value[int: -2]?.bytesValue ?? []).reduce(UInt32(0)) { ($0 << 8) | UInt32($1) }
            return .rsa(modulus: n, exponent: e)
        case .ec2:
            let curve: UInt16 =
                switch key.algorithm {
                case .es256: 0x0003
                case .es384: 0x0004
                default: 0x0005
                }
            return .ecc(curve: curve, x: key.value[int: -2]?.bytesValue ?? [], y: key.value[int: -3]?.bytesValue ?? [])
        default:
            throw WebAuthnError(.tpmPubAreaMismatch, "TPM credentials are RSA or ECC keys.")
        }
    }

    static func digest(_ data: [UInt8], for alg: COSEAlgorithm) throws(WebAuthnError) -> [UInt8] {
        switch alg {
        case .rs1: return Array(Insecure.SHA1.hash(data: data))
        case .rs256, .ps256, .es256: return Array(SHA256.hash(data: data))
        case .rs384, .ps384, .es384: return Array(SHA384.hash(data: data))
        case .rs512, .ps512, .es512: return Array(SHA512.hash(data: data))
        default: throw WebAuthnError(.unsupportedAlgorithm, "The tpm statement's alg \(alg) is not supported.")
        }
    }

    static func name(of pubArea: [UInt8], algorithm: UInt16) throws(WebAuthnError) -> [UInt8] {
        let hash: [UInt8]
        switch algorithm {
        case TPMConstant.algSHA1: hash = Array(Insecure.SHA1.hash(data: pubArea))
        case TPMConstant.algSHA256: hash = Array(SHA256.hash(data: pubArea))
        case TPMConstant.algSHA384: hash = Array(SHA384.hash(data: pubArea))
        case TPMConstant.algSHA512: hash = Array(SHA512.hash(data: pubArea))
        default: throw WebAuthnError(.tpmCertInfoInvalid, "pubArea.nameAlg is not a supported hash.")
        }
        return [UInt8(algorithm >> 8), UInt8(algorithm & 0xFF)] + hash
    }

    /// WebAuthn L3 §8.3.1 TPM attestation statement certificate requirements.
    static func checkRequirements(_ aik: Certificate) throws(WebAuthnError) {
        func unmet(_ reason: String) -> WebAuthnError { WebAuthnError(.certificateRequirementsUnmet, reason) }
        guard aik.version == .v3 else { throw unmet("The AIK certificate is not X.509 v3.") }
        guard aik.subject.isEmpty else { throw unmet("The AIK certificate's subject must be empty.") }
        // Subject Alternative Name per TPMv2-EK-Profile §3.2.9: manufacturer, model and version.
        guard let names = try? aik.extensions.subjectAlternativeNames else {
            throw unmet("The AIK certificate has no subject alternative name.")
        }
        var found = Set<ASN1ObjectIdentifier>()
        for name in names {
            if case .directoryName(let directory) = name {
                for rdn in directory { for attribute in rdn { found.insert(attribute.type) } }
            }
        }
        guard found.isSuperset(of: [manufacturerOID, modelOID, versionOID]) else {
            throw unmet("The AIK certificate's SAN lacks the TPM manufacturer, model or version.")
        }
        // Extended Key Usage contains tcg-kp-AIKCertificate.
        guard let eku = aik.extensions[oid: .X509ExtensionID.extendedKeyUsage],
            let root = try? DER.parse(eku.value),
            let usages = try? DER.sequence(of: ASN1ObjectIdentifier.self, identifier: .sequence, rootNode: root),
            usages.contains(aikCertificateEKU)
        else {
            throw unmet("The AIK certificate's extended key usage lacks tcg-kp-AIKCertificate.")
        }
        guard !aik.isCertificateAuthority else { throw unmet("The AIK certificate is a CA certificate.") }
    }
}
