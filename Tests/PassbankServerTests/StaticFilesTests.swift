import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PassbankServer
import Storage
import Testing

@Suite("Static files")
struct StaticFilesTests {
    func withApp(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let site = try TestSite()
        defer { site.remove() }
        let router = PassbankApplication.makeRouter(
            configuration: site.configuration(),
            database: try AppDatabase.inMemory(),
            logger: .test
        )
        try await Application(router: router).test(.router) { client in try await body(client) }
    }

    @Test("a page is HTML with the security headers of the design, no-cache and an ETag")
    func pageHeaders() async throws {
        try await withApp { client in
            try await client.execute(uri: "/signin/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let csp = try #require(response.headers[.contentSecurityPolicy])
                #expect(csp.contains("default-src 'self'"))
                #expect(csp.contains("script-src 'self'"))
                #expect(csp.contains("frame-ancestors 'none'"))
                #expect(!csp.contains("unsafe-inline"))
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[.referrerPolicyField] == "no-referrer")
                #expect(response.headers[.permissionsPolicy]?.contains("publickey-credentials-create=(self)") == true)
                #expect(response.headers[.cacheControl] == "no-cache")
                #expect(response.headers[.strictTransportSecurity] == nil, "no HSTS over plain HTTP")
                #expect(response.headers[.eTag] != nil)
                #expect(String(buffer: response.body).contains("<title>Sign in</title>"))
            }
        }
    }

    @Test("If-None-Match with the page's ETag answers 304")
    func conditionalGet() async throws {
        try await withApp { client in
            let etag = try await client.execute(uri: "/signin/", method: .get) { $0.headers[.eTag] }
            try await client.execute(uri: "/signin/", method: .get, headers: [.ifNoneMatch: try #require(etag)]) { response in
                #expect(response.status == .notModified)
            }
        }
    }

    @Test("a directory route without its slash redirects to it")
    func directoryRedirect() async throws {
        try await withApp { client in
            try await client.execute(uri: "/signin", method: .get) { response in
                #expect(response.status == .movedPermanently)
                #expect(response.headers[.location] == "/signin/")
            }
        }
    }

    @Test("fingerprinted assets are immutable for a year with their content type")
    func assetCaching() async throws {
        try await withApp { client in
            try await client.execute(uri: "/assets/app.0123456789.css", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
                #expect(response.headers[.cacheControl] == "public, max-age=31536000, immutable")
            }
            try await client.execute(uri: "/assets/app.0123456789.js", method: .get) { response in
                #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
            }
            try await client.execute(uri: "/assets-manifest.json", method: .get) { response in
                #expect(response.headers[.cacheControl] == "no-cache")
            }
        }
    }

    @Test("an unknown page gets the 404 page with status 404 and the security headers")
    func notFoundPage() async throws {
        try await withApp { client in
            try await client.execute(uri: "/no-such-page/", method: .get, headers: [.accept: "text/html"]) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(String(buffer: response.body).contains("We can't find that page"))
                #expect(response.headers[.contentSecurityPolicy] != nil)
            }
        }
    }

    @Test("an unknown API route answers a JSON problem, not the page", arguments: ["/api/nope", "/api/", "/webauthn/nope", "/oauth2/nope"])
    func apiNotFound(path: String) async throws {
        try await withApp { client in
            try await client.execute(uri: path, method: .get, headers: [.accept: "text/html"]) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
                let problem = try JSONDecoder().decode(ProblemBody.self, from: Data(response.body.readableBytesView))
                #expect(problem.code == "not-found")
                #expect(problem.status == 404)
                #expect(problem.type == "http://localhost:8080/problems/not-found/")
            }
        }
    }

    /// Hostile paths: never a byte from outside `public/`, never a 500, never a redirect off-site.
    @Test(
        "hostile paths never escape public/",
        arguments: [
            "/../secret.txt", "/../../secret.txt", "/%2e%2e/secret.txt", "/%2e%2e%2fsecret.txt", "/%2E%2E/%2E%2E/secret.txt",
            "/%252e%252e/secret.txt", "/%252e%252e%252fsecret.txt", "/..%2f..%2fsecret.txt", "/assets/..%2f..%2fsecret.txt",
            "/%c0%ae%c0%ae/secret.txt", "/..%5csecret.txt", "/..\\secret.txt", "/%00", "/index.html%00.css", "/signin/%00/",
            "/leak.txt", "/leakdir/secret.txt", "/leakdir/", "/.hidden", "/%2ehidden", "//secret.txt", "/%2f%2fevil.example",
            "//leakdir", "/%2fassets", "/" + String(repeating: "a", count: 10_000), "/" + String(repeating: "../", count: 3_000),
            "/" + String(repeating: "%2e%2e%2f", count: 1_000) + "etc/passwd", "/%ff%fe", "/%", "/%zz",
        ]
    )
    func hostilePath(path: String) async throws {
        try await withApp { client in
            for method in [HTTPRequest.Method.get, .head] {
                try await client.execute(uri: path, method: method) { response in
                    #expect(response.status.code < 500, "\(method) \(path.prefix(60)) answered \(response.status)")
                    #expect(!String(buffer: response.body).contains(TestSite.secret))
                    if let location = response.headers[.location] {
                        #expect(location.hasPrefix("/") && !location.hasPrefix("//"), "off-site redirect to \(location)")
                    }
                }
            }
        }
    }

    @Test("methods other than GET and HEAD on a page never succeed or crash", arguments: [HTTPRequest.Method.post, .put, .delete, .patch])
    func otherMethods(method: HTTPRequest.Method) async throws {
        try await withApp { client in
            try await client.execute(uri: "/signin/", method: method, body: ByteBuffer(string: "x")) { response in
                #expect((400..<500).contains(response.status.code))
            }
        }
    }
}

struct ProblemBody: Decodable {
    var type: String
    var title: String
    var status: Int
    var detail: String
    var code: String
}
