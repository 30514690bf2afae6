import Foundation
import SwiftASN1
@_spi(FixedExpiryValidationTime) import X509

/// The BLOB's `x5c` chain (RFC 7515 §4.1.6) checked against pinned roots at an explicit time
/// (FIDO MDS3 §3.2 "Metadata BLOB object processing rules" step 4).
struct BlobSigningChain {
    let certificates: [Certificate]

    /// Parses `x5c`: standard base64 DER, leaf first (RFC 7515 §4.1.6).
    /// - Throws: `blob-certificate-malformed` when it is missing or unparsable.
    init(x5c: [String]?) throws(MetadataError) {
        guard let x5c, !x5c.isEmpty else {
            throw MetadataError(.blobCertificateMalformed, "The JWS header has no x5c certificate chain (FIDO MDS3 §3.2 step 4).")
        }
        var certificates: [Certificate] = []
        for (index, encoded) in x5c.enumerated() {
            guard let der = Data(base64Encoded: encoded), let certificate = try? Certificate(derEncoded: Array(der)) else {
                throw MetadataError(.blobCertificateMalformed, "x5c[\(index)] is not a base64 DER certificate.")
            }
            certificates.append(certificate)
        }
        self.certificates = certificates
    }

    var leaf: Certificate { certificates[0] }

    /// Refuses a self-signed certificate in `x5c` unless it is one of the pinned roots: a root that
    /// travels with the BLOB proves nothing (RFC 5280 §6.1: the trust anchor is an input, not data).
    func checkNoRootInX5C(pinned roots: [Certificate]) throws(MetadataError) {
        for (index, certificate) in certificates.enumerated() where certificate.subject == certificate.issuer {
            guard certificate.publicKey.isValidSignature(certificate.signature, for: certificate) else { continue }
            if roots.contains(certificate) { continue }
            throw MetadataError(
                .blobRootInX5C,
                "x5c[\(index)] (\(certificate.subject)) is a self-signed root carried by the BLOB itself; only pinned roots are trusted."
            )
        }
    }

    /// Checks that the leaf is issued to one of `names` (subjectAltName dNSName, else subject CN). The
    /// GlobalSign roots are public web PKI roots: without this, any certificate they issued could sign a BLOB.
    func checkSigner(named names: [String]?) throws(MetadataError) {
        guard let names else { return }
        var leafNames: [String] = []
        if let alternatives = try? leaf.extensions.subjectAlternativeNames {
            for case .dnsName(let name) in alternatives { leafNames.append(name.lowercased()) }
        }
        for rdn in leaf.subject {
            for attribute in rdn where attribute.type == ASN1ObjectIdentifier.RDNAttributeType.commonName {
                leafNames.append("\(attribute.value)".lowercased())
            }
        }
        guard leafNames.contains(where: { names.map { $0.lowercased() }.contains($0) }) else {
            throw MetadataError(
                .blobSignerUnexpected,
                "The BLOB's signing certificate (\(leaf.subject)) is not issued to \(names.joined(separator: " or "))."
            )
        }
    }

    /// Checks every certificate's validity period at `time` (RFC 5280 §4.1.2.5, §6.1.3 (a)(2)).
    func checkValidity(at time: Date) throws(MetadataError) {
        for (index, certificate) in certificates.enumerated() {
            let name = index == 0 ? "leaf" : "x5c[\(index)]"
            if time > certificate.notValidAfter {
                throw MetadataError(
                    .blobCertificateExpired,
                    "The BLOB's \(name) certificate (\(certificate.subject)) expired on \(CivilDate.format(certificate.notValidAfter)), before the validation time \(CivilDate.format(time))."
                )
            }
            if time < certificate.notValidBefore {
                throw MetadataError(
                    .blobCertificateExpired,
                    "The BLOB's \(name) certificate (\(certificate.subject)) is not valid before \(CivilDate.format(certificate.notValidBefore))."
                )
            }
        }
    }

    /// Builds the path from the leaf to a pinned root (RFC 5280 §6.1) and returns it, leaf first.
    /// - Throws: `blob-chain-untrusted` when no path reaches a pinned root.
    func validate(roots: [Certificate], at time: Date) async throws(MetadataError) -> [Certificate] {
        guard !roots.isEmpty else { throw MetadataError(.rootsMissing, "No pinned MDS root is configured.") }
        var verifier = Verifier(rootCertificates: CertificateStore(roots)) {
            RFC5280Policy(fixedExpiryValidationTime: time)
        }
        let result = await verifier.validate(leaf: leaf, intermediates: CertificateStore(certificates.dropFirst()))
        switch result {
        case .validCertificate(let chain):
            return Array(chain)
        case .couldNotValidate(let failures):
            let detail = failures.first.map { "\($0.policyFailureReason)" } ?? "no path to a pinned root"
            throw MetadataError(.blobChainUntrusted, "The BLOB's x5c chain does not lead to a pinned root: \(detail).")
        }
    }

    /// The revocation status of each non-root certificate of `chain` from the given CRLs (RFC 5280 §6.3).
    /// - Throws: `blob-certificate-revoked` when a valid CRL lists a certificate.
    static func revocation(
        of chain: [Certificate],
        crls: [CertificateRevocationList],
        at time: Date
    ) throws(MetadataError) -> [CertificateRevocationCheck] {
        var checks: [CertificateRevocationCheck] = []
        for (index, certificate) in chain.enumerated().dropLast() {
            let issuer = chain[index + 1]
            let fromIssuer = crls.filter { $0.issuer == certificate.issuer }
            // RFC 5280 §6.3.3 (f)–(g): the CRL must be signed by the certificate's issuer.
            let signed = fromIssuer.filter { $0.isSigned(by: issuer) }.sorted { $0.thisUpdate > $1.thisUpdate }
            let status: RevocationStatus
            if fromIssuer.isEmpty {
                status = .unavailable("no CRL from \(certificate.issuer)")
            } else if let crl = signed.first(where: { $0.thisUpdate <= time }) {
                if crl.revokedSerialNumbers.contains(certificate.serialNumber) {
                    throw MetadataError(.blobCertificateRevoked, "The CRL of \(certificate.issuer) revokes \(certificate.subject).")
                } else if let next = crl.nextUpdate, next < time {
                    // RFC 5280 §6.3.3 (a)(2): a CRL past its nextUpdate cannot say the certificate is good.
                    status = .crlExpired(nextUpdate: next)
                } else {
                    status = .good(crlNextUpdate: crl.nextUpdate)
                }
            } else {
                status = .unavailable(signed.isEmpty ? "the CRL signature does not verify" : "the CRL is not yet valid")
            }
            checks.append(CertificateRevocationCheck(subject: "\(certificate.subject)", status: status))
        }
        return checks
    }
}
