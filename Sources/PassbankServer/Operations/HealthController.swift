import FIDOMetadata
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Storage

/// `GET /healthz`: whether this process can serve, for load balancers and operators.
struct HealthController: Sendable {
    let database: AppDatabase
    let version: String
    let metadata: @Sendable () -> MetadataState

    /// What the server knows about FIDO metadata: `ok`, `stale`, `operator-anchors-only` or `not-configured`,
    /// with the BLOB's `no`, `nextUpdate` and entry count when one is loaded.
    struct MetadataState: Codable, Sendable, Equatable {
        var status: String
        var detail: String
        var no: Int?
        var nextUpdate: String?
        var entries: Int?

        init(status: String, detail: String, no: Int? = nil, nextUpdate: String? = nil, entries: Int? = nil) {
            self.status = status
            self.detail = detail
            self.no = no
            self.nextUpdate = nextUpdate
            self.entries = entries
        }

        init(_ health: MetadataHealth) {
            self.init(status: health.status, detail: health.detail, no: health.no, nextUpdate: health.nextUpdate, entries: health.entries)
        }

        static let notConfigured = MetadataState(
            status: "not-configured",
            detail: "No FIDO metadata BLOB is loaded: only operator trust anchors can make a passkey high-assurance (phrh)."
        )
    }

    struct Report: Codable, Equatable {
        struct Database: Codable, Equatable {
            var status: String
            var journalMode: String
            var migrations: [String]
        }
        var status: String
        var version: String
        var database: Database
        var metadata: MetadataState
    }

    func addRoutes(to router: Router<PassbankRequestContext>) {
        router.get("/healthz") { _, _ in try self.respond() }
        router.head("/healthz") { _, _ in try self.respond() }
    }

    func respond() throws -> Response {
        let health = database.health()
        let databaseOK = health.isReachable && health.isCurrent
        let report = Report(
            status: databaseOK ? "ok" : "unavailable",
            version: version,
            database: .init(
                status: databaseOK ? "ok" : (health.isReachable ? "schema-outdated" : "unreachable"),
                journalMode: health.journalMode,
                migrations: health.appliedMigrations
            ),
            metadata: metadata()
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        return Response(
            status: databaseOK ? .ok : .serviceUnavailable,
            headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(report)))
        )
    }
}
