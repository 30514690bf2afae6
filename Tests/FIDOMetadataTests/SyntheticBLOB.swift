import Crypto
import FIDOMetadata
import Foundation
import SwiftASN1
import X509
import _CryptoExtras

/// BLOBs, chains and CRLs generated in code, for the cases the corpus cannot give: other algorithms,
/// a root inside x5c, broken entries, a revoked signer.
struct SyntheticBLOB {
    let rootKey = P256.Signing.PrivateKey()
    let leafKey = P256.Signing.PrivateKey()
    let root: Certificate
    let leaf: Certificate
    static let notBefore = Date(timeIntervalSince1970: 1_700_000_000)  // 2023-11-14
    static let notAfter = Date(timeIntervalSince1970: 1_900_000_000)  // 2030-03-17
    static let now = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15

    init() throws {
        let rootName = try DistinguishedName { CommonName("Synthetic MDS Root") }
        root = try Certificate(
            version: .v3,
            serialNumber: .init(),
            publicKey: .init(rootKey.publicKey),
            notValidBefore: Self.notBefore,
            notValidAfter: Self.notAfter,
            issuer: rootName,
            subject: rootName,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: .init(rootKey)
        )
        leaf = try Self.leaf(key: .init(leafKey.publicKey), issuer: root, issuerKey: .init(rootKey), serial: 77)
    }

    static func leaf(
        key: Certificate.PublicKey,
        issuer: Certificate,
        issuerKey: Certificate.PrivateKey,
        serial: Int
    ) throws -> Certificate {
        try Certificate(
            version: .v3,
            serialNumber: .init(bytes: [UInt8(serial)]),
            publicKey: key,
            notValidBefore: notBefore,
            notValidAfter: notAfter,
            issuer: issuer.subject,
            subject: try DistinguishedName { CommonName("Synthetic MDS Signer") },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
            },
            issuerPrivateKey: issuerKey
        )
    }

    static func payload(no: Int = 7, nextUpdate: String = "2027-02-01", entries: [String]) -> String {
        #"{"legalHeader":"synthetic","no":\#(no),"nextUpdate":"\#(nextUpdate)","entries":[\#(entries.joined(separator: ","))]}"#
    }

    static let goodEntry =
        #"{"aaguid":"ee882879-721c-4913-9775-3dfcce97072a","statusReports":[{"status":"FIDO_CERTIFIED_L1","effectiveDate":"2020-01-01"}],"timeOfLastStatusChange":"2020-01-01","metadataStatement":{"description":"Synthetic key","keyProtection":["hardware"]}}"#

    /// An ES256 BLOB signed by the leaf, with `x5c` as given (default: the leaf alone).
    func es256(payload: String = Self.payload(entries: [Self.goodEntry]), x5c: [Certificate]? = nil) throws -> [UInt8] {
        try Self.sign(alg: "ES256", x5c: x5c ?? [leaf], payload: payload) { try leafKey.signature(for: $0).rawRepresentation }
    }

    static func sign(alg: String, x5c: [Certificate], payload: String, signer: ([UInt8]) throws -> Data) throws -> [UInt8] {
        var serializer = DER.Serializer()
        let chain = try x5c.map { certificate -> String in
            serializer = DER.Serializer()
            try serializer.serialize(certificate)
            return Data(serializer.serializedBytes).base64EncodedString()
        }
        let header = try JSONSerialization.data(withJSONObject: ["alg": alg, "typ": "JWT", "x5c": chain])
        let input = encode(header) + "." + encode(Data(payload.utf8))
        return Array((input + "." + encode(try signer(Array(input.utf8)))).utf8)
    }

    static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// A v2 CRL (RFC 5280 §5.1) from `issuer` listing `revoked` serials, ECDSA-SHA256.
    static func crl(issuer: Certificate, key: P256.Signing.PrivateKey, revoked: [Certificate.SerialNumber], nextUpdate: Date) throws -> [UInt8] {
        let algorithm: ASN1ObjectIdentifier = [1, 2, 840, 10045, 4, 3, 2]
        var tbs = DER.Serializer()
        try tbs.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(1)
            try coder.appendConstructedNode(identifier: .sequence) { try $0.serialize(algorithm) }
            try coder.serialize(issuer.subject)
            try coder.serialize(try UTCTime(year: 2024, month: 1, day: 1, hours: 0, minutes: 0, seconds: 0))
            try coder.serialize(try GeneralizedTime(nextUpdate))
            try coder.appendConstructedNode(identifier: .sequence) { list in
                for serial in revoked {
                    try list.appendConstructedNode(identifier: .sequence) { item in
                        try item.serialize(ArraySlice(serial.bytes))
                        try item.serialize(try UTCTime(year: 2024, month: 6, day: 1, hours: 0, minutes: 0, seconds: 0))
                    }
                }
            }
        }
        let signature = try key.signature(for: tbs.serializedBytes).derRepresentation
        var outer = DER.Serializer()
        try outer.appendConstructedNode(identifier: .sequence) { coder in
            coder.serializeRawBytes(tbs.serializedBytes)
            try coder.appendConstructedNode(identifier: .sequence) { try $0.serialize(algorithm) }
            try coder.serialize(ASN1BitString(bytes: ArraySlice(signature)))
        }
        return outer.serializedBytes
    }
}

extension GeneralizedTime {
    init(_ date: Date) throws {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        try self.init(
            year: parts.year!,
            month: parts.month!,
            day: parts.day!,
            hours: parts.hour!,
            minutes: parts.minute!,
            seconds: parts.second!,
            fractionalSeconds: 0
        )
    }
}
