import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PassbankServer
import Storage
import Testing

/// Holds `GET /openapi.json` (Sources/PassbankServer/Resources/openapi.json) to the router: every
/// route has an operation with the same path template and method, every operation has a route, and
/// every problem code it lists is one ProblemCatalog knows, under the status the catalog gives it.
@Suite("OpenAPI contract")
struct OpenAPIContractTests {
    /// A route or an operation: `GET /api/accounts/{id}/transactions`.
    struct Endpoint: Hashable, Comparable, CustomStringConvertible {
        var method: String
        var path: String

        var description: String { "\(method) \(path)" }
        static func < (lhs: Self, rhs: Self) -> Bool { (lhs.path, lhs.method) < (rhs.path, rhs.method) }
    }

    /// The catalog codes no single operation answers with: `internal-error` is any handler's
    /// unexpected failure, and `method-not-allowed` is never produced (the router answers a known
    /// path with an unknown method as `not-found`).
    static let codesOfNoOperation: Set<String> = ["internal-error", "method-not-allowed"]

    static let operationMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// The router of a default configuration and the document it serves.
    static func routerAndDocument() async throws -> (routes: [Endpoint], document: [String: Any]) {
        let site = try TestSite()
        defer { site.remove() }
        let router = PassbankApplication.makeRouter(configuration: site.configuration(), database: try AppDatabase.inMemory(), logger: .test)
        let routes = router.routes.map { Endpoint(method: $0.method.rawValue, path: $0.path.description) }
        let body = try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/openapi.json", method: .get) { Data($0.body.readableBytesView) }
        }
        let document = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        return (routes, document)
    }

    static func operations(_ document: [String: Any]) throws -> [Endpoint: [String: Any]] {
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var operations: [Endpoint: [String: Any]] = [:]
        for (path, item) in paths {
            for method in operationMethods {
                guard let operation = item[method] else { continue }
                operations[Endpoint(method: method.uppercased(), path: path)] = try #require(operation as? [String: Any])
            }
        }
        return operations
    }

    @Test("every route has an operation with its path template and method, and every operation a route")
    func routesMatchOperations() async throws {
        let (routes, document) = try await Self.routerAndDocument()
        #expect(document["openapi"] as? String == "3.1.0")
        // CORS preflights are left out of the document by rule; checked below instead.
        let served = Set(routes.filter { $0.method != "OPTIONS" })
        let documented = Set(try Self.operations(document).keys)
        #expect(served.count > 25, "the router lists its routes")
        for route in served.subtracting(documented).sorted() {
            Issue.record("\(route) is served but not in openapi.json")
        }
        for operation in documented.subtracting(served).sorted() {
            Issue.record("\(operation) is in openapi.json but no route serves it")
        }
    }

    @Test("CORS preflights answer only at documented paths")
    func preflightsAtDocumentedPaths() async throws {
        let (routes, document) = try await Self.routerAndDocument()
        let paths = Set(try Self.operations(document).keys.map(\.path))
        let preflights = routes.filter { $0.method == "OPTIONS" }
        #expect(!preflights.isEmpty)
        for preflight in preflights where !paths.contains(preflight.path) {
            Issue.record("\(preflight) is a preflight for a path the document does not have")
        }
    }

    @Test("each operation has a unique operationId, a summary and at least one response")
    func operationsAreDescribed() async throws {
        let (_, document) = try await Self.routerAndDocument()
        var identifiers: [String: Endpoint] = [:]
        for (endpoint, operation) in try Self.operations(document).sorted(by: { $0.key < $1.key }) {
            let identifier = try #require(operation["operationId"] as? String, "\(endpoint) has no operationId")
            if let other = identifiers.updateValue(endpoint, forKey: identifier) {
                Issue.record("\(endpoint) and \(other) share operationId \(identifier)")
            }
            #expect(!(operation["summary"] as? String ?? "").isEmpty, "\(endpoint) has no summary")
            #expect(!(operation["responses"] as? [String: Any] ?? [:]).isEmpty, "\(endpoint) has no responses")
        }
    }

    @Test("every problem code listed is in ProblemCatalog under the response's status, and each is listed somewhere")
    func problemCodesMatchCatalog() async throws {
        let (_, document) = try await Self.routerAndDocument()
        var listed: Set<String> = []
        for (endpoint, operation) in try Self.operations(document) {
            let responses = try #require(operation["responses"] as? [String: [String: Any]])
            for (status, response) in responses {
                guard let content = response["content"] as? [String: Any], let problem = content["application/problem+json"] else { continue }
                let codes = try Self.problemCodes(problem, at: "\(endpoint) \(status)")
                #expect(!codes.isEmpty, "\(endpoint) \(status) lists no problem code")
                for code in codes {
                    listed.insert(code)
                    guard let entry = ProblemCatalog.entries[code] else {
                        Issue.record("\(endpoint) \(status) lists \(code), which ProblemCatalog does not know")
                        continue
                    }
                    #expect(
                        String(entry.status.code) == status,
                        "\(endpoint) lists \(code) under \(status), ProblemCatalog says \(entry.status.code)"
                    )
                }
            }
        }
        for code in Set(ProblemCatalog.codes).subtracting(listed).subtracting(Self.codesOfNoOperation).sorted() {
            Issue.record("ProblemCatalog's \(code) is answered by no documented operation")
        }
    }

    /// The `code` enum of a problem response: `allOf: [Problem, {properties: {status, code: {enum}}}]`.
    static func problemCodes(_ media: Any, at place: String) throws -> [String] {
        let schema = try #require((media as? [String: Any])?["schema"] as? [String: Any], "\(place): no schema")
        let parts = try #require(schema["allOf"] as? [[String: Any]], "\(place): not allOf [Problem, codes]")
        #expect(parts.first?["$ref"] as? String == "#/components/schemas/Problem", "\(place): not built on the Problem schema")
        let properties = parts.dropFirst().compactMap { $0["properties"] as? [String: Any] }
        let status = properties.compactMap { ($0["status"] as? [String: Any])?["const"] as? Int }.first
        #expect(status.map(String.init) == place.split(separator: " ").last.map(String.init), "\(place): status const differs")
        return properties.compactMap { ($0["code"] as? [String: Any])?["enum"] as? [String] }.flatMap { $0 }
    }

    @Test("every $ref points at a schema, header or response the document defines")
    func referencesResolve() async throws {
        let (_, document) = try await Self.routerAndDocument()
        var references: Set<String> = []
        func collect(_ value: Any) {
            if let object = value as? [String: Any] {
                if let reference = object["$ref"] as? String { references.insert(reference) }
                object.values.forEach(collect)
            } else if let array = value as? [Any] {
                array.forEach(collect)
            }
        }
        collect(document)
        #expect(!references.isEmpty)
        for reference in references.sorted() {
            let parts = reference.split(separator: "/").map(String.init)
            var node: Any? = document
            for part in parts.dropFirst() { node = (node as? [String: Any])?[part] }
            #expect(parts.first == "#" && node != nil, "\(reference) does not resolve")
        }
    }

    @Test("/openapi.json is cacheable JSON with an ETag, and answers 304 to a current If-None-Match")
    func servedCacheable() async throws {
        let site = try TestSite()
        defer { site.remove() }
        let router = PassbankApplication.makeRouter(configuration: site.configuration(), database: try AppDatabase.inMemory(), logger: .test)
        try await Application(router: router).test(.router) { client in
            let tag = try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                #expect(response.headers[.cacheControl]?.hasPrefix("public") == true)
                return try #require(response.headers[.eTag])
            }
            try await client.execute(uri: "/openapi.json", method: .get, headers: [.ifNoneMatch: tag]) { response in
                #expect(response.status == .notModified)
                #expect(response.body.readableBytes == 0)
            }
            try await client.execute(uri: "/openapi.json", method: .get, headers: [.ifNoneMatch: "\"other\""]) { response in
                #expect(response.status == .ok)
            }
        }
    }
}
