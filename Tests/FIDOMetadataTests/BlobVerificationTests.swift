import FIDOMetadata
import Foundation
import Testing
import X509

/// The real BLOBs of the corpus: FIDO MDS3 §3.2 processing rules and their distinct failure codes.
@Suite("MDS3 BLOB verification (corpus)", .enabled(if: MDSCorpus.available))
struct BlobVerificationTests {
    @Test("the production BLOB verifies at 2024-12-02 against GlobalSign Root CA - R3")
    func productionVerifies() async throws {
        let snapshot = try await MDSCorpus.production.value
        #expect(snapshot.number == 121)
        #expect(snapshot.entries.count == 280)
        #expect(snapshot.skippedEntries.isEmpty)
        // 12 entries carry a root that does not parse (two certificates in one item; ECDSA with NULL
        // parameters): the entries are kept, the roots dropped and reported.
        #expect(snapshot.entryWarnings.count == 12)
        #expect(snapshot.entries.contains { $0.unparsableRootCount > 0 && !$0.attestationRootCertificates.isEmpty })
        let counts = snapshot.identifierCounts
        #expect(counts.aaguid == 188 && counts.keyIdentifier == 75 && counts.aaid == 17)
        #expect(snapshot.verification?.algorithm == "RS256")
        #expect(snapshot.verification?.chainSubjects.last?.contains("GlobalSign Root CA - R3") == true)
        #expect(!snapshot.isStale(at: MDSCorpus.day("2024-12-02")))
        #expect(snapshot.isStale(at: MDSCorpus.day("2025-01-02")))
    }

    @Test("the production BLOB is refused once its leaf has expired, and the code says so")
    func productionLeafExpired() async throws {
        let blob = try MDSCorpus.bytes(MDSCorpus.productionBLOB)
        let error = await #expect(throws: MetadataError.self) {
            try await MetadataBLOBVerifier(roots: MDSRoots.bundled()).verify(blob, at: MDSCorpus.day("2025-08-01"))
        }
        #expect(error?.code == .blobCertificateExpired)
        #expect(error?.reason.contains("leaf") == true && error?.reason.contains("2025-07-28") == true)
    }

    @Test("the conformance BLOB verifies against the FIDO conformance fake root")
    func conformanceVerifies() async throws {
        let verifier = MetadataBLOBVerifier(roots: try MDSCorpus.root("fido-conformance-mds3-fake-root.pem"))
        let snapshot = try await verifier.verify(try MDSCorpus.bytes(MDSCorpus.conformanceBLOB), at: MDSCorpus.day("2025-06-01"))
        #expect(snapshot.number == 42)
        #expect(snapshot.verification?.algorithm == "ES256")
        #expect(snapshot.entries.count + snapshot.skippedEntries.count == 200)
    }

    @Test("one flipped signature byte is blob-signature-invalid")
    func flippedSignature() async throws {
        var blob = try MDSCorpus.bytes(MDSCorpus.productionBLOB)
        // The signature is the last part; flip a bit of a character in its middle, keeping base64url valid.
        let index = blob.count - 100
        blob[index] = blob[index] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        await expectCode(.blobSignatureInvalid, blob, roots: try MDSRoots.bundled())
    }

    @Test("a wrong root is blob-chain-untrusted")
    func wrongRoot() async throws {
        let blob = try MDSCorpus.bytes(MDSCorpus.productionBLOB)
        await expectCode(.blobChainUntrusted, blob, roots: try MDSCorpus.root("fido-conformance-mds3-fake-root.pem"))
        await expectCode(.blobChainUntrusted, blob, roots: try MDSCorpus.root("globalsign-root-r46.pem"))
    }

    @Test("a lower no is blob-number-not-increasing; the same BLOB again is a reload")
    func lowerNumber() async throws {
        let blob = try MDSCorpus.bytes(MDSCorpus.productionBLOB)
        await expectCode(.blobNumberNotIncreasing, blob, roots: try MDSRoots.bundled(), previous: .init(number: 122, digest: "x"))
        await expectCode(.blobNumberNotIncreasing, blob, roots: try MDSRoots.bundled(), previous: .init(number: 121, digest: "x"))
        let first = try await MDSCorpus.production.value
        let digest = try #require(first.verification?.digest)
        let again = try await MetadataBLOBVerifier(roots: MDSRoots.bundled())
            .verify(blob, at: MDSCorpus.day("2024-12-02"), previous: .init(number: 121, digest: digest))
        #expect(again.number == 121)
        _ = try await MetadataBLOBVerifier(roots: MDSRoots.bundled())
            .verify(blob, at: MDSCorpus.day("2024-12-02"), previous: .init(number: 120, digest: "x"))
    }

    @Test("a certificate under the GlobalSign roots that is not the MDS signer is blob-signer-unexpected")
    func signerName() async throws {
        let blob = try MDSCorpus.bytes(MDSCorpus.productionBLOB)
        let verifier = MetadataBLOBVerifier(roots: try MDSRoots.bundled(), signerNames: ["mds.example.com"])
        let error = await #expect(throws: MetadataError.self) { try await verifier.verify(blob, at: MDSCorpus.day("2024-12-02")) }
        #expect(error?.code == .blobSignerUnexpected)
    }

    @Test("a truncated BLOB is blob-malformed")
    func truncated() async throws {
        let blob = try MDSCorpus.bytes(MDSCorpus.productionBLOB)
        await expectCode(.blobMalformed, Array(blob.prefix(blob.count / 2)), roots: try MDSRoots.bundled())
    }

    @Test("the spec example BLOB (DER-encoded ES256 signature) is refused as blob-signature-invalid")
    func specExample() async throws {
        let blob = try MDSCorpus.bytes(MDSCorpus.specExampleBLOB)
        let error = await #expect(throws: MetadataError.self) {
            try await MetadataBLOBVerifier(roots: MDSCorpus.root("example-mds3-test-root.pem")).verify(blob, at: MDSCorpus.day("2022-01-01"))
        }
        #expect(error?.code == .blobSignatureInvalid)
        #expect(error?.reason.contains("DER") == true)
    }

    func expectCode(
        _ code: MetadataError.Code,
        _ blob: [UInt8],
        roots: [Certificate],
        previous: MetadataBLOBVerifier.Previous? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        let error = await #expect(throws: MetadataError.self, sourceLocation: sourceLocation) {
            try await MetadataBLOBVerifier(roots: roots).verify(blob, at: MDSCorpus.day("2024-12-02"), previous: previous)
        }
        #expect(error?.code == code, "\(error?.description ?? "no error")", sourceLocation: sourceLocation)
    }
}
