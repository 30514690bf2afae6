import FIDOMetadata
import Foundation
import Testing

/// The corpus CRL pair against the production chain (RFC 5280 §6.3).
@Suite("CRL checks (corpus)", .enabled(if: MDSCorpus.available))
struct RevocationTests {
    @Test("the GlobalSign CRLs parse")
    func parse() throws {
        let crls = try MDSCorpus.crls()
        #expect(crls.count == 2)
        #expect(crls[1].revokedSerialNumbers.count == 207)
        #expect(crls.allSatisfy { $0.nextUpdate != nil })
    }

    @Test("the production chain passes CRL checks at 2024-09-05")
    func goodAtSeptember() async throws {
        let verifier = MetadataBLOBVerifier(roots: try MDSRoots.bundled(), crls: try MDSCorpus.crls())
        let snapshot = try await verifier.verify(try MDSCorpus.bytes(MDSCorpus.productionBLOB), at: MDSCorpus.day("2024-09-05"))
        let statuses = try #require(snapshot.verification?.revocation).map(\.status.name)
        #expect(statuses == ["good", "good"])
    }

    @Test("the production chain reports CRL expired at 2024-12-02")
    func expiredAtDecember() async throws {
        let verifier = MetadataBLOBVerifier(roots: try MDSRoots.bundled(), crls: try MDSCorpus.crls())
        let snapshot = try await verifier.verify(try MDSCorpus.bytes(MDSCorpus.productionBLOB), at: MDSCorpus.day("2024-12-02"))
        let checks = try #require(snapshot.verification?.revocation)
        #expect(checks.map(\.status.name) == ["crl-expired", "crl-expired"])
        #expect(checks[0].status.description.contains("CRL expired"))
    }

    @Test("without CRLs every certificate is reported unavailable, not silently passed")
    func unavailable() async throws {
        let snapshot = try await MDSCorpus.production.value
        #expect(snapshot.verification?.revocation.map(\.status.name) == ["unavailable", "unavailable"])
    }
}
