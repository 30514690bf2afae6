import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PassbankServer
import Storage
import Testing

/// Security review, finding 3: the per-address limit held only for the canonical spelling of a path
/// (`//auth/password` was not counted while the router still answered it). Over real sockets, every
/// spelling either reaches no handler or is counted against the same budget.
@Suite("Security review 3: rate limits hold for every spelling of a path")
struct PathSpellingTests {
    enum Outcome: Sendable { case limited, unrouted }

    struct Spelling: Sendable, CustomTestStringConvertible {
        var method: HTTPRequest.Method
        var canonical: String
        var path: String
        var outcome: Outcome
        var testDescription: String { "\(method) \(path)" }
    }

    static let spellings: [Spelling] = {
        let endpoints: [(HTTPRequest.Method, String)] = [
            (.post, "/webauthn/authentication/options"), (.post, "/webauthn/registration/options"), (.post, "/auth/password"),
            (.post, "/oauth2/token"), (.post, "/oauth2/revoke"), (.get, "/oauth2/authorize"),
        ]
        var table: [Spelling] = []
        for (method, path) in endpoints {
            let parts = path.split(separator: "/").map(String.init)
            let reaching = [
                "/" + path, path + "/", "/" + parts.joined(separator: "//"), "///" + parts.joined(separator: "/") + "//",
                path + "?utm=1", "http://localhost:8080" + path,
            ]
            let unrouted = [
                "/" + parts[0] + "/./" + parts.dropFirst().joined(separator: "/"),
                "/" + parts[0] + "/x/../" + parts.dropFirst().joined(separator: "/"),
                "/" + parts.joined(separator: "%2F"), path.uppercased(), "/" + parts[0] + "/%2e/" + parts.dropFirst().joined(separator: "/"),
                path.replacingOccurrences(
                    of: parts[1],
                    with: parts[1].prefix(1) + "%" + String(format: "%02X", parts[1].utf8.dropFirst().first!) + parts[1].dropFirst(2)
                ),
            ]
            table += reaching.map { Spelling(method: method, canonical: path, path: $0, outcome: .limited) }
            table += unrouted.map { Spelling(method: method, canonical: path, path: $0, outcome: .unrouted) }
        }
        return table
    }()

    @Test("after the budget is spent on the canonical path, the spelling is refused or reaches nothing", arguments: spellings)
    func spelling(_ spelling: Spelling) async throws {
        let site = try TestSite()
        defer { site.remove() }
        var configuration = site.configuration()
        configuration.abuse.perAddress = RateLimit(count: 2, window: .seconds(3600))
        let app = Application(
            router: PassbankApplication.makeRouter(configuration: configuration, database: try AppDatabase.inMemory(), logger: .test)
        )
        try await app.test(.live) { client in
            let headers: HTTPFields = [.contentType: "application/json", .origin: CeremonyHarness.origin]
            let body = spelling.method == .post ? ByteBuffer(string: "{}") : nil
            for _ in 0..<2 {
                let spent = try await client.execute(uri: spelling.canonical, method: spelling.method, headers: headers, body: body)
                #expect(spent.status != .tooManyRequests)
            }
            let response = try await client.execute(uri: spelling.path, method: spelling.method, headers: headers, body: body)
            switch spelling.outcome {
            case .limited:
                #expect(response.status == .tooManyRequests, "\(spelling.path) reached the handler without being counted")
            case .unrouted:
                #expect([.notFound, .methodNotAllowed, .badRequest].contains(response.status), "\(spelling.path): \(response.status)")
            }
        }
    }

    @Test("each reaching spelling is counted: the budget runs out across spellings, not per spelling")
    func sharedBudget() async throws {
        let site = try TestSite()
        defer { site.remove() }
        var configuration = site.configuration()
        configuration.abuse.perAddress = RateLimit(count: 4, window: .seconds(3600))
        let app = Application(
            router: PassbankApplication.makeRouter(configuration: configuration, database: try AppDatabase.inMemory(), logger: .test)
        )
        try await app.test(.live) { client in
            let headers: HTTPFields = [.contentType: "application/json", .origin: CeremonyHarness.origin]
            let paths = ["//auth/password", "/auth//password", "/auth/password/", "///auth/password", "/auth/password", "//auth/password"]
            var answered = 0
            for path in paths {
                let response = try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: "{}"))
                if response.status != .tooManyRequests { answered += 1 }
            }
            #expect(answered == 4)
        }
    }
}
