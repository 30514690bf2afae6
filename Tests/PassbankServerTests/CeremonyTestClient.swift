import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PassbankServer
import Storage
import Synchronization
import Testing
import WebAuthn
import WebAuthnTestSupport

/// A browser stand-in for ceremony tests: keeps the session cookie and answers with a software
/// authenticator; the clock is the test's.
final class TestClock: Sendable {
    let current = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
    var now: Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

struct CeremonyHarness {
    static let origin = "http://localhost:8080"
    let database: AppDatabase
    let clock = TestClock()
    let site: TestSite

    init(database: AppDatabase? = nil) throws {
        site = try TestSite()
        self.database = try database ?? AppDatabase.inMemory()
    }

    func router() -> Router<PassbankRequestContext> {
        let clock = self.clock
        return PassbankApplication.makeRouter(configuration: site.configuration(), database: database, logger: .test, now: { clock.now })
    }

    /// Every row of every table, as text: what "the database is unchanged" compares. The audit log is
    /// left out: it is append-only and records refused attempts on purpose.
    func snapshot() throws -> String {
        try database.writer.read { db in
            let tables = try String.fetchAll(
                db,
                sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'auditEvent' ORDER BY name"
            )
            return try tables.map { table in
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\" ORDER BY rowid")
                return "\(table): " + rows.map(\.description).joined(separator: "\n")
            }.joined(separator: "\n")
        }
    }
}

struct Browser {
    let client: any TestClientProtocol
    var cookie: String?

    static let jsonHeaders: HTTPFields = [.contentType: "application/json", .origin: CeremonyHarness.origin]

    mutating func post(_ path: String, json: some Encodable, headers: HTTPFields = Browser.jsonHeaders) async throws -> TestResponse {
        try await post(path, body: String(decoding: try JSONEncoder().encode(json), as: UTF8.self), headers: headers)
    }

    mutating func post(_ path: String, body: String, headers: HTTPFields = Browser.jsonHeaders) async throws -> TestResponse {
        var headers = headers
        if let cookie { headers[.cookie] = cookie }
        let response = try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
        if let setCookie = response.headers[.setCookie], let pair = setCookie.split(separator: ";").first {
            cookie = String(pair)
        }
        return response
    }

    static func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(response.body.readableBytesView))
    }

    struct Options<PublicKey: Decodable>: Decodable {
        var ceremonyId: String
        var publicKey: PublicKey
    }

    struct Verify<Credential: Encodable>: Encodable {
        var ceremonyId: String
        var credential: Credential
    }

    /// Sign-up: options, then `create()` on the authenticator, then verify.
    mutating func signUp(
        _ username: String,
        with authenticator: inout SoftwareAuthenticator,
        attestation: SoftwareAuthenticator.Attestation = .none
    ) async throws -> TestResponse {
        let options = try await post("/webauthn/registration/options", json: ["username": username, "displayName": username.capitalized])
        #expect(options.status == .ok)
        let parsed = try Self.decode(Options<PublicKeyCredentialCreationOptionsJSON>.self, options)
        let credential = try authenticator.makeCredential(options: parsed.publicKey, origin: CeremonyHarness.origin, attestation: attestation)
        return try await post("/webauthn/registration/verify", json: Verify(ceremonyId: parsed.ceremonyId, credential: credential))
    }

    /// Sign-in: options (username-first when given), then `get()`, then verify.
    mutating func signIn(_ username: String? = nil, with authenticator: inout SoftwareAuthenticator) async throws -> TestResponse {
        let (ceremonyID, credential) = try await assertion(username, with: &authenticator)
        return try await post("/webauthn/authentication/verify", json: Verify(ceremonyId: ceremonyID, credential: credential))
    }

    mutating func assertion(
        _ username: String? = nil,
        with authenticator: inout SoftwareAuthenticator
    ) async throws -> (
        String, AuthenticationResponseJSON
    ) {
        let body = username.map { ["username": $0] } ?? [:]
        let options = try await post("/webauthn/authentication/options", json: body)
        #expect(options.status == .ok)
        let parsed = try Self.decode(Options<PublicKeyCredentialRequestOptionsJSON>.self, options)
        return (parsed.ceremonyId, try authenticator.getAssertion(options: parsed.publicKey, origin: CeremonyHarness.origin))
    }
}

extension CeremonyHarness {
    /// Runs `body` against a fresh database and a router whose configuration `configure` adjusted.
    static func run(
        database: AppDatabase? = nil,
        configure: (inout ServerConfiguration) throws -> Void = { _ in },
        _ body: @escaping @Sendable (CeremonyHarness, any TestClientProtocol) async throws -> Void
    ) async throws {
        let harness = try CeremonyHarness(database: database)
        defer { harness.site.remove() }
        var configuration = harness.site.configuration()
        try configure(&configuration)
        let clock = harness.clock
        let router = PassbankApplication.makeRouter(configuration: configuration, database: harness.database, logger: .test, now: { clock.now })
        try await Application(router: router).test(.router) { client in try await body(harness, client) }
    }
}
