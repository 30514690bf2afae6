import Crypto
import FIDOMetadata
import Foundation
import Testing
import X509
import _CryptoExtras

/// BLOBs generated in code: every `blob-*` code and each JWS algorithm (RFC 7518 §3.1).
@Suite("MDS3 BLOB verification (generated)")
struct SyntheticBLOBTests {
    let blob: SyntheticBLOB
    init() throws { blob = try SyntheticBLOB() }

    func verify(_ bytes: [UInt8], roots: [Certificate]? = nil, crls: [CertificateRevocationList] = []) async throws -> MetadataSnapshot {
        try await MetadataBLOBVerifier(roots: roots ?? [blob.root], crls: crls).verify(bytes, at: SyntheticBLOB.now)
    }

    func code(_ bytes: [UInt8], roots: [Certificate]? = nil, crls: [CertificateRevocationList] = []) async -> MetadataError.Code? {
        do {
            _ = try await verify(bytes, roots: roots, crls: crls)
            return nil
        } catch let error as MetadataError {
            return error.code
        } catch {
            return nil
        }
    }

    @Test("a good ES256 BLOB verifies and is indexed")
    func good() async throws {
        let snapshot = try await verify(try blob.es256())
        #expect(snapshot.number == 7)
        #expect(snapshot.entry(aaguid: try #require(AAGUID("ee882879-721c-4913-9775-3dfcce97072a")))?.description == "Synthetic key")
        #expect(snapshot.verification?.revocation.first?.status.name == "unavailable")
    }

    @Test("a self-signed root carried in x5c is blob-root-in-x5c")
    func rootInX5C() async throws {
        // A forger's own root travels with the BLOB; even if the operator pinned it by mistake elsewhere,
        // a self-signed certificate in x5c is refused unless it is byte-equal to a pinned root.
        let other = try SyntheticBLOB()
        #expect(await code(try other.es256(x5c: [other.leaf, other.root])) == .blobRootInX5C)
        // The pinned root itself inside x5c is harmless.
        #expect(await code(try blob.es256(x5c: [blob.leaf, blob.root])) == nil)
    }

    @Test("a missing x5c is blob-certificate-malformed; alg none is blob-algorithm-unsupported")
    func headerProblems() async throws {
        let noX5C = try SyntheticBLOB.sign(alg: "ES256", x5c: [], payload: SyntheticBLOB.payload(entries: [])) {
            try blob.leafKey.signature(for: $0).rawRepresentation
        }
        #expect(await code(noX5C) == .blobCertificateMalformed)
        let none = try SyntheticBLOB.sign(alg: "none", x5c: [blob.leaf], payload: SyntheticBLOB.payload(entries: [])) { _ in Data([0]) }
        #expect(await code(none) == .blobAlgorithmUnsupported)
    }

    @Test("a leaf not named as the expected signer is blob-signer-unexpected")
    func unexpectedSigner() async throws {
        let verifier = MetadataBLOBVerifier(roots: [blob.root], signerNames: MetadataBLOBVerifier.fidoAllianceSigner)
        await #expect(throws: MetadataError(.blobSignerUnexpected, "")) { try await verifier.verify(try blob.es256(), at: SyntheticBLOB.now) }
        let named = MetadataBLOBVerifier(roots: [blob.root], signerNames: ["synthetic mds signer"])
        #expect(try await named.verify(try blob.es256(), at: SyntheticBLOB.now).number == 7)
    }

    @Test("no pinned root is roots-missing")
    func noRoots() async throws {
        #expect(await code(try blob.es256(), roots: []) == .rootsMissing)
    }

    @Test("a broken entry is skipped and counted, never fatal")
    func brokenEntries() async throws {
        let entries = [
            SyntheticBLOB.goodEntry,
            #"{"aaguid":"not-a-uuid","statusReports":[],"timeOfLastStatusChange":"2020-01-01"}"#,
            #"{"aaguid":"fa2b99dc-9e39-4257-8f92-4a30d23c4118","timeOfLastStatusChange":"2020-01-01"}"#,
            #"{"aaguid":"fa2b99dc-9e39-4257-8f92-4a30d23c4118","statusReports":[{"status":"REVOKED","effectiveDate":"2021"}]}"#,
            #"{"statusReports":[]}"#,
            #"42"#,
            // Kept, with its unparsable root dropped and reported: its REVOKED status must still apply.
            #"{"aaguid":"fa2b99dc-9e39-4257-8f92-4a30d23c4118","statusReports":[{"status":"REVOKED"}],"metadataStatement":{"attestationRootCertificates":["AAAA"]}}"#,
        ]
        let snapshot = try await verify(try blob.es256(payload: SyntheticBLOB.payload(entries: entries)))
        #expect(snapshot.entries.count == 2)
        #expect(snapshot.skippedEntries.count == 5)
        #expect(snapshot.entryWarnings.count == 1)
        let aaguid = try #require(AAGUID("fa2b99dc-9e39-4257-8f92-4a30d23c4118"))
        let kept = try #require(snapshot.entry(aaguid: aaguid))
        #expect(kept.unparsableRootCount == 1 && kept.status(at: SyntheticBLOB.now).doNotTrust?.status == .revoked)
    }

    @Test("a payload that is not a MetadataBLOBPayload is blob-malformed")
    func badPayload() async throws {
        #expect(await code(try blob.es256(payload: #"{"no":"seven"}"#)) == .blobMalformed)
    }

    @Test("RS256, PS256 and ES384 BLOBs verify; a wrong key is blob-signature-invalid", arguments: ["RS256", "PS256", "ES384"])
    func algorithms(_ alg: String) async throws {
        let payload = SyntheticBLOB.payload(entries: [SyntheticBLOB.goodEntry])
        let signed: [UInt8]
        switch alg {
        case "ES384":
            let key = P384.Signing.PrivateKey()
            let leaf = try SyntheticBLOB.leaf(key: .init(key.publicKey), issuer: blob.root, issuerKey: .init(blob.rootKey), serial: 9)
            signed = try SyntheticBLOB.sign(alg: alg, x5c: [leaf], payload: payload) { try key.signature(for: $0).rawRepresentation }
        default:
            let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            let leaf = try SyntheticBLOB.leaf(key: .init(key.publicKey), issuer: blob.root, issuerKey: .init(blob.rootKey), serial: 9)
            let padding: _RSA.Signing.Padding = alg == "PS256" ? .PSS : .insecurePKCS1v1_5
            signed = try SyntheticBLOB.sign(alg: alg, x5c: [leaf], payload: payload) {
                try key.signature(for: SHA256.hash(data: $0), padding: padding).rawRepresentation
            }
        }
        #expect(try await verify(signed).verification?.algorithm == alg)
        // The same bytes announced with the other algorithm of the family do not verify.
        let swapped = alg == "RS256" ? "PS256" : alg == "PS256" ? "RS256" : "ES256"
        let text = String(decoding: signed, as: UTF8.self).split(separator: ".")
        let header = SyntheticBLOB.encode(
            Data(
                String(decoding: Data(base64Encoded: Self.padded(String(text[0])))!, as: UTF8.self)
                    .replacingOccurrences(of: alg, with: swapped).utf8
            )
        )
        #expect(await code(Array((header + "." + text[1] + "." + text[2]).utf8)) == .blobSignatureInvalid)
    }

    @Test("a signer listed in its issuer's CRL is blob-certificate-revoked; an unparsable CRL is crl-malformed")
    func revoked() async throws {
        let listing = try SyntheticBLOB.crl(
            issuer: blob.root,
            key: blob.rootKey,
            revoked: [blob.leaf.serialNumber],
            nextUpdate: SyntheticBLOB.notAfter
        )
        let crl = try CertificateRevocationList(derEncoded: listing)
        #expect(crl.revokedSerialNumbers.contains(blob.leaf.serialNumber))
        #expect(await code(try blob.es256(), crls: [crl]) == .blobCertificateRevoked)
        let clean = try CertificateRevocationList(
            derEncoded: try SyntheticBLOB.crl(issuer: blob.root, key: blob.rootKey, revoked: [], nextUpdate: SyntheticBLOB.notAfter)
        )
        #expect(try await verify(try blob.es256(), crls: [clean]).verification?.revocation.first?.status.name == "good")
        #expect(throws: MetadataError(.crlMalformed, "")) { try CertificateRevocationList(derEncoded: Array(listing.dropLast(3))) }
    }

    static func padded(_ text: String) -> String {
        let base = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        return base + String(repeating: "=", count: (4 - base.count % 4) % 4)
    }
}
