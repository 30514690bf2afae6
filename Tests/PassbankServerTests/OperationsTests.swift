import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PassbankServer
import Storage
import Testing

@Suite("Operations")
struct OperationsTests {
    struct Health: Decodable {
        struct Database: Decodable {
            var status: String
            var journalMode: String
            var migrations: [String]
        }
        struct Metadata: Decodable {
            var status: String
            var detail: String
        }
        var status: String
        var version: String
        var database: Database
        var metadata: Metadata
    }

    @Test("/healthz reports the version, a current WAL database and the metadata state")
    func healthz() async throws {
        let site = try TestSite()
        defer { site.remove() }
        let database = try AppDatabase.open(at: site.root.appendingPathComponent("var/health.sqlite"))
        let router = PassbankApplication.makeRouter(configuration: site.configuration(), database: database, logger: .test)
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                #expect(response.headers[.cacheControl] == "no-store")
                let health = try JSONDecoder().decode(Health.self, from: Data(response.body.readableBytesView))
                #expect(health.status == "ok")
                #expect(health.version == PassbankVersion.current)
                #expect(health.database.status == "ok")
                #expect(health.database.journalMode == "wal")
                #expect(health.database.migrations.first == "v1-foundation")
                #expect(health.metadata.status == "not-configured")
                #expect(health.metadata.detail.contains("phrh"))
            }
        }
    }

    @Test("every response carries the request id that its log line carries")
    func requestID() async throws {
        let site = try TestSite()
        defer { site.remove() }
        let router = PassbankApplication.makeRouter(
            configuration: site.configuration(),
            database: try AppDatabase.inMemory(),
            logger: .test
        )
        try await Application(router: router).test(.router) { client in
            let first = try await client.execute(uri: "/healthz", method: .get) { $0.headers[HTTPField.Name("X-Request-Id")!] }
            let second = try await client.execute(uri: "/nope", method: .get) { $0.headers[HTTPField.Name("X-Request-Id")!] }
            #expect(first?.isEmpty == false)
            #expect(first != second)
        }
    }

    @Test("/.well-known/passkey-endpoints points password managers at the passkey section, as JSON")
    func passkeyEndpoints() async throws {
        let site = try TestSite()
        defer { site.remove() }
        let router = PassbankApplication.makeRouter(
            configuration: site.configuration(origin: "https://bank.example"),
            database: try AppDatabase.inMemory(),
            logger: .test
        )
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/.well-known/passkey-endpoints", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let document = try JSONDecoder().decode([String: String].self, from: Data(response.body.readableBytesView))
                #expect(document == ["enroll": "https://bank.example/app/#passkeys", "manage": "https://bank.example/app/#passkeys"])
            }
        }
    }

    @Test("every problem code the server knows has a page in Site/problems/")
    func problemPagesExist() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for code in ProblemCatalog.codes {
            let page = root.appendingPathComponent("Site/problems/\(code).md")
            #expect(FileManager.default.fileExists(atPath: page.path), "Site/problems/\(code).md is missing")
        }
    }

    @Test("housekeeping deletes expired ceremonies and sessions an hour after they expire, and keeps accounts and passkeys")
    func housekeeping() async throws {
        try await CeremonyHarness.run { harness, client in
            var browser = Browser(client: client)
            var synced = CeremonyEndpointTests.synced()
            #expect(try await browser.signUp("ada", with: &synced).status == .created)
            let counts: @Sendable () async throws -> [Int] = {
                try await harness.database.writer.read { db in
                    try ["ceremony", "session", "user", "credential"].map { try Int.fetchOne(db, sql: "SELECT count(*) FROM \"\($0)\"") ?? -1 }
                }
            }
            let fresh = try await counts()
            #expect(fresh == [1, 1, 1, 1])
            let keeper = Housekeeping(database: harness.database, logger: .test, now: { harness.clock.now })
            #expect(keeper.sweep() == 0)
            // The session lives 12 h; one hour of grace after that, it and the used ceremony go.
            harness.clock.advance(13 * 3600 + 1)
            #expect(keeper.sweep() == 2)
            let swept = try await counts()
            #expect(swept == [0, 0, 1, 1])
        }
    }
}
