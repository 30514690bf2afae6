import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PassbankServer
import Storage
import Testing

/// The JSON body rules every endpoint shares, driven through a route that uses them.
@Suite("JSON requests")
struct JSONRequestTests {
    struct Greeting: Codable {
        var name: String
        var count: Int
    }

    struct Boom: Error {
        let secret = "db-password=hunter2"
    }

    func withApp(maxBodyBytes: Int = 2048, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let site = try TestSite()
        defer { site.remove() }
        let router = PassbankApplication.makeRouter(
            configuration: site.configuration(maxBodyBytes: maxBodyBytes),
            database: try AppDatabase.inMemory(),
            logger: .test
        )
        router.post("/api/echo") { request, context in
            let greeting = try await request.decodeJSON(Greeting.self, context: context)
            return "\(greeting.name) \(greeting.count)"
        }
        router.get("/api/boom") { _, _ -> String in throw Boom() }
        try await Application(router: router).test(.router) { client in try await body(client) }
    }

    func problem(_ response: TestResponse) throws -> ProblemBody {
        #expect(response.headers[.contentType] == "application/problem+json")
        return try JSONDecoder().decode(ProblemBody.self, from: Data(response.body.readableBytesView))
    }

    static let json: HTTPFields = [.contentType: "application/json", .origin: "http://localhost:8080"]

    @Test("a well-formed same-origin JSON body is decoded")
    func accepted() async throws {
        try await withApp { client in
            try await client.execute(uri: "/api/echo", method: .post, headers: Self.json, body: ByteBuffer(string: #"{"name":"Ada","count":2}"#)) {
                #expect($0.status == .ok)
                #expect(String(buffer: $0.body) == "Ada 2")
            }
        }
    }

    @Test(
        "bad bodies get a problem with a stable code",
        arguments: [
            (["content-type": "text/plain", "origin": "http://localhost:8080"], #"{"name":"Ada","count":2}"#, "unsupported-media-type", 415),
            (["origin": "http://localhost:8080"], #"{"name":"Ada","count":2}"#, "unsupported-media-type", 415),
            (["content-type": "application/json; charset=latin1"], #"{"name":"Ada","count":2}"#, "unsupported-media-type", 415),
            (["content-type": "application/json", "origin": "https://evil.example"], #"{"name":"Ada","count":2}"#, "forbidden-origin", 403),
            (["content-type": "application/json", "origin": "null"], #"{"name":"Ada","count":2}"#, "forbidden-origin", 403),
            (["content-type": "application/json"], #"{"name":"Ada""#, "malformed-request", 400),
            (["content-type": "application/json"], #"{"name":"Ada"}"#, "malformed-request", 400),
            (["content-type": "application/json"], #"{"name":1,"count":2}"#, "malformed-request", 400),
            (["content-type": "application/json"], #"[]"#, "malformed-request", 400),
            (["content-type": "application/json"], "", "malformed-request", 400),
            (["content-type": "application/json"], "\u{0}\u{1}\u{2}", "malformed-request", 400),
            (["content-type": "application/json"], String(repeating: "[", count: 1500), "malformed-request", 400),
            (["content-type": "application/json"], #"{"name":"Ada","count":2}"# + String(repeating: " ", count: 4096), "payload-too-large", 413),
        ] as [([String: String], String, String, Int)]
    )
    func refused(headers: [String: String], body: String, code: String, status: Int) async throws {
        var fields = HTTPFields()
        for (name, value) in headers { fields[HTTPField.Name(name)!] = value }
        let requestHeaders = fields
        try await withApp { client in
            try await client.execute(uri: "/api/echo", method: .post, headers: requestHeaders, body: ByteBuffer(string: body)) { response in
                #expect(Int(response.status.code) == status)
                let problem = try problem(response)
                #expect(problem.code == code)
                #expect(!problem.detail.contains("Ada"), "the detail never echoes client data")
            }
        }
    }

    @Test("a missing field is named in the problem detail")
    func namesField() async throws {
        try await withApp { client in
            try await client.execute(uri: "/api/echo", method: .post, headers: Self.json, body: ByteBuffer(string: #"{"name":"Ada"}"#)) {
                let detail = try problem($0).detail
                #expect(detail.contains("'count'"))
            }
        }
    }

    @Test("an unexpected error is a generic internal-error problem that leaks nothing")
    func unexpectedError() async throws {
        try await withApp { client in
            try await client.execute(uri: "/api/boom", method: .get) { response in
                #expect(response.status == .internalServerError)
                let body = String(buffer: response.body)
                #expect(!body.contains("hunter2"))
                #expect(!body.contains("Boom"))
                let code = try problem(response).code
                #expect(code == "internal-error")
            }
        }
    }
}
