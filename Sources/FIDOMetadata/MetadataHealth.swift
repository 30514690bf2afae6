public import Foundation

/// What the server says about its metadata on `/healthz` and at start.
public struct MetadataHealth: Sendable, Hashable, Codable {
    /// `ok`, `stale`, `operator-anchors-only` or `not-configured`.
    public let status: String
    public let detail: String
    /// The BLOB's `no`, `nextUpdate` (YYYY-MM-DD) and entry count, when a BLOB is loaded.
    public let no: Int?
    public let nextUpdate: String?
    public let entries: Int?
    /// How many operator anchors are configured, and how many of them are test anchors.
    public let operatorAnchors: Int
    public let testAnchors: Int

    public init(snapshot: MetadataSnapshot?, operatorAnchors: OperatorTrustAnchors, at time: Date) {
        self.no = snapshot?.number
        self.nextUpdate = snapshot.map { CivilDate.format($0.nextUpdate) }
        self.entries = snapshot?.entries.count
        self.operatorAnchors = operatorAnchors.anchors.count
        self.testAnchors = operatorAnchors.testAnchors.count
        if let snapshot {
            let skipped = snapshot.skippedEntries.isEmpty ? "" : ", \(snapshot.skippedEntries.count) skipped"
            if snapshot.isStale(at: time) {
                status = "stale"
                detail =
                    "FIDO metadata no \(snapshot.number) was due for renewal on \(CivilDate.format(snapshot.nextUpdate)); run passbank mds refresh or import a newer BLOB. Keys that rely on it are phr until then."
            } else {
                status = "ok"
                detail =
                    "FIDO metadata no \(snapshot.number) with \(snapshot.entries.count) entries\(skipped), next update \(CivilDate.format(snapshot.nextUpdate))."
            }
        } else if !operatorAnchors.anchors.isEmpty {
            status = "operator-anchors-only"
            detail =
                "No FIDO metadata BLOB is loaded: only the \(operatorAnchors.anchors.count) operator trust anchor(s) can make a passkey high-assurance (phrh)."
        } else {
            status = "not-configured"
            detail = "No FIDO metadata BLOB is loaded: only operator trust anchors can make a passkey high-assurance (phrh), and none are configured."
        }
    }
}
