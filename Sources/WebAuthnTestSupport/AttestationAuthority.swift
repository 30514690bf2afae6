import Crypto
public import Foundation
import SwiftASN1
public import X509

/// A generated attestation PKI: a root CA and one attestation certificate (P-256) that meets the packed
/// requirements (WebAuthn L3 §8.2.1), optionally carrying the id-fido-gen-ce-aaguid extension.
public struct AttestationAuthority: Sendable {
    public let root: Certificate
    public let attestationCertificate: Certificate
    let attestationKey: P256.Signing.PrivateKey
    /// The AAGUID written in the attestation certificate's extension, if any.
    public let certifiedAAGUID: [UInt8]?
    /// Also send the root in `x5c` (a verifier must still not trust it).
    public var x5cIncludesRoot = false

    /// The `x5c` array: the attestation certificate, then the root when `x5cIncludesRoot` is set.
    func x5c() throws -> [[UInt8]] {
        try [der(attestationCertificate)] + (x5cIncludesRoot ? [der(root)] : [])
    }

    /// Generates the root and the attestation certificate, valid from `notBefore` to `notAfter`.
    /// - Parameters:
    ///   - certifiedAAGUID: put this AAGUID in the certificate (nil: no extension).
    ///   - organizationalUnit: the subject OU; anything but "Authenticator Attestation" breaks §8.2.1.
    /// - Throws: errors from certificate generation.
    public init(
        name: String = "Passbank Test Authenticator",
        certifiedAAGUID: [UInt8]? = nil,
        organizationalUnit: String = "Authenticator Attestation",
        notBefore: Date,
        notAfter: Date
    ) throws {
        let rootKey = P256.Signing.PrivateKey()
        let rootName = try DistinguishedName {
            CountryName("DE")
            OrganizationName("Passbank Test")
            CommonName("\(name) Root")
        }
        root = try Certificate(
            version: .v3,
            serialNumber: .init(),
            publicKey: .init(rootKey.publicKey),
            notValidBefore: notBefore,
            notValidAfter: notAfter,
            issuer: rootName,
            subject: rootName,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true))
            },
            issuerPrivateKey: .init(rootKey)
        )
        attestationKey = P256.Signing.PrivateKey()
        self.certifiedAAGUID = certifiedAAGUID
        var extensions = try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
        }
        if let certifiedAAGUID {
            var serializer = DER.Serializer()
            try serializer.serialize(ASN1OctetString(contentBytes: ArraySlice(certifiedAAGUID)))
            try extensions.append(
                Certificate.Extension(
                    oid: [1, 3, 6, 1, 4, 1, 45724, 1, 1, 4],
                    critical: false,
                    value: ArraySlice(serializer.serializedBytes)
                )
            )
        }
        attestationCertificate = try Certificate(
            version: .v3,
            serialNumber: .init(),
            publicKey: .init(attestationKey.publicKey),
            notValidBefore: notBefore,
            notValidAfter: notAfter,
            issuer: rootName,
            subject: try DistinguishedName {
                CountryName("DE")
                OrganizationName("Passbank Test")
                OrganizationalUnitName(organizationalUnit)
                CommonName(name)
            },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: extensions,
            issuerPrivateKey: .init(rootKey)
        )
    }

    func der(_ certificate: Certificate) throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return serializer.serializedBytes
    }
}
