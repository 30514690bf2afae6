import FIDOMetadata
import Foundation
import Testing

/// What `/healthz` and `serve` say about metadata.
@Suite("Metadata health")
struct MetadataHealthTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("not-configured, operator-anchors-only, ok and stale")
    func states() throws {
        #expect(MetadataHealth(snapshot: nil, operatorAnchors: .none, at: Self.now).status == "not-configured")
        let anchor = OperatorTrustAnchor(
            name: "test",
            aaguids: [],
            roots: [],
            certificationLevel: .l1,
            keyProtection: ["hardware"],
            isTest: true
        )
        let anchorsOnly = MetadataHealth(snapshot: nil, operatorAnchors: OperatorTrustAnchors(anchors: [anchor]), at: Self.now)
        #expect(anchorsOnly.status == "operator-anchors-only" && anchorsOnly.detail.contains("phrh") && anchorsOnly.testAnchors == 1)
        let snapshot = MetadataSnapshot(
            number: 121,
            nextUpdate: Self.now.addingTimeInterval(86_400),
            entries: [MetadataEntry(aaguid: AAGUID(bytes: Array(1...16)))]
        )
        let ok = MetadataHealth(snapshot: snapshot, operatorAnchors: .none, at: Self.now)
        #expect(ok.status == "ok" && ok.no == 121 && ok.entries == 1 && ok.nextUpdate == "2027-01-16")
        let stale = MetadataHealth(snapshot: snapshot, operatorAnchors: .none, at: Self.now.addingTimeInterval(2 * 86_400))
        #expect(stale.status == "stale" && stale.detail.contains("refresh"))
    }
}
