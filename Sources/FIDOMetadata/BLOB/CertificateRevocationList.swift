public import Foundation
import SwiftASN1
public import X509

/// An X.509 v2 CRL (RFC 5280 §5), parsed strictly from DER with only what revocation checking needs:
/// issuer, thisUpdate, nextUpdate, the revoked serial numbers, and the signed bytes.
public struct CertificateRevocationList: Sendable {
    public let issuer: DistinguishedName
    public let thisUpdate: Date
    public let nextUpdate: Date?
    public let revokedSerialNumbers: Set<Certificate.SerialNumber>
    let signedBytes: ArraySlice<UInt8>
    let signatureAlgorithm: Certificate.SignatureAlgorithm?
    let signature: [UInt8]

    /// Parses a DER-encoded CertificateList.
    /// - Throws: `MetadataError` `crl-malformed` when the bytes are not a CRL this parser understands.
    public init(derEncoded bytes: [UInt8]) throws(MetadataError) {
        do {
            let root = try DER.parse(bytes)
            // RFC 5280 §5.1: CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue }.
            let outer = try Self.children(of: root)
            guard outer.count == 3 else { throw ASN1Error.invalidASN1Object(reason: "CertificateList has \(outer.count) fields") }
            let tbs = try Self.children(of: outer[0])
            var index = 0
            // RFC 5280 §5.1.2.1: version is v2 (1) when present.
            if tbs[index].identifier == .integer {
                guard try Int(derEncoded: tbs[index]) == 1 else { throw ASN1Error.invalidASN1Object(reason: "CRL version is not v2") }
                index += 1
            }
            let innerAlgorithm = try Self.algorithm(tbs[index])
            index += 1
            let outerAlgorithm = try Self.algorithm(outer[1])
            // RFC 5280 §5.1.1.2: the two signature algorithm identifiers must be the same.
            guard innerAlgorithm == outerAlgorithm else { throw ASN1Error.invalidASN1Object(reason: "signature algorithms differ") }
            issuer = try DistinguishedName(derEncoded: tbs[index])
            index += 1
            // RFC 5280 §5.1.2.4–5: thisUpdate, then optional nextUpdate (required of conforming CAs).
            thisUpdate = try Self.time(tbs[index])
            index += 1
            if index < tbs.count, tbs[index].identifier == .utcTime || tbs[index].identifier == .generalizedTime {
                nextUpdate = try Self.time(tbs[index])
                index += 1
            } else {
                nextUpdate = nil
            }
            // RFC 5280 §5.1.2.6: revokedCertificates, each SEQUENCE { serial, revocationDate, extensions? }.
            var serials = Set<Certificate.SerialNumber>()
            if index < tbs.count, tbs[index].identifier == .sequence {
                for entry in try Self.children(of: tbs[index]) {
                    let fields = try Self.children(of: entry)
                    guard fields.count >= 2 else { throw ASN1Error.invalidASN1Object(reason: "short revoked entry") }
                    serials.insert(Certificate.SerialNumber(bytes: try ArraySlice<UInt8>(derEncoded: fields[0])))
                }
                index += 1
            }
            // RFC 5280 §5.1.2.7: crlExtensions [0] EXPLICIT, last.
            if index < tbs.count, tbs[index].identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) {
                index += 1
            }
            guard index == tbs.count else { throw ASN1Error.invalidASN1Object(reason: "unexpected TBSCertList fields") }
            revokedSerialNumbers = serials
            signedBytes = outer[0].encodedBytes
            signatureAlgorithm = Self.signatureAlgorithm(outerAlgorithm)
            signature = Array(try ASN1BitString(derEncoded: outer[2]).bytes)
        } catch let error as MetadataError {
            throw error
        } catch {
            throw MetadataError(.crlMalformed, "The CRL is not a DER CertificateList (RFC 5280 §5.1): \(error).")
        }
    }

    /// Whether `issuerCertificate` signed this CRL (RFC 5280 §6.3.3 (g)).
    public func isSigned(by issuerCertificate: Certificate) -> Bool {
        guard let signatureAlgorithm, issuerCertificate.subject == issuer else { return false }
        return issuerCertificate.publicKey.isValidSignature(signature, for: signedBytes, signatureAlgorithm: signatureAlgorithm)
    }

    private static func children(of node: ASN1Node) throws -> [ASN1Node] {
        try DER.sequence(node, identifier: .sequence) { iterator in
            var nodes: [ASN1Node] = []
            while let next = iterator.next() { nodes.append(next) }
            return nodes
        }
    }

    private static func algorithm(_ node: ASN1Node) throws -> ASN1ObjectIdentifier {
        let fields = try children(of: node)
        guard let first = fields.first else { throw ASN1Error.invalidASN1Object(reason: "empty AlgorithmIdentifier") }
        return try ASN1ObjectIdentifier(derEncoded: first)
    }

    private static func time(_ node: ASN1Node) throws -> Date {
        // RFC 5280 §5.1.2.4: UTCTime through 2049, GeneralizedTime after.
        if node.identifier == .utcTime {
            let time = try UTCTime(derEncoded: node)
            return CivilDate.date(year: time.year, month: time.month, day: time.day, seconds: time.hours * 3600 + time.minutes * 60 + time.seconds)
        }
        let time = try GeneralizedTime(derEncoded: node)
        return CivilDate.date(year: time.year, month: time.month, day: time.day, seconds: time.hours * 3600 + time.minutes * 60 + time.seconds)
    }

    private static func signatureAlgorithm(_ oid: ASN1ObjectIdentifier) -> Certificate.SignatureAlgorithm? {
        switch oid {
        case [1, 2, 840, 113_549, 1, 1, 11]: return .sha256WithRSAEncryption
        case [1, 2, 840, 113_549, 1, 1, 12]: return .sha384WithRSAEncryption
        case [1, 2, 840, 113_549, 1, 1, 13]: return .sha512WithRSAEncryption
        case [1, 2, 840, 10045, 4, 3, 2]: return .ecdsaWithSHA256
        case [1, 2, 840, 10045, 4, 3, 3]: return .ecdsaWithSHA384
        case [1, 2, 840, 10045, 4, 3, 4]: return .ecdsaWithSHA512
        default: return nil
        }
    }
}
