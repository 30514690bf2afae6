import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PassbankServer
import Storage
import SwiftASN1
import Testing
import X509

/// Over real sockets: TLS served directly, and the trusted-proxy rule for forwarded headers.
@Suite("Transport")
struct TransportTests {
    @Test("served over TLS, every response carries HSTS")
    func tlsAndHSTS() async throws {
        let site = try TestSite()
        defer { site.remove() }
        let files = try Self.selfSignedCertificate(in: site.root)
        var configuration = site.configuration(origin: "https://localhost:8443")
        configuration.tls = files
        try configuration.validate()
        let app = try PassbankApplication.make(configuration: configuration, database: try AppDatabase.inMemory(), logger: .test)
        try await app.test(.ahc(.https)) { client in
            try await client.execute(uri: "/signin/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.strictTransportSecurity] == "max-age=31536000; includeSubDomains")
            }
            try await client.execute(uri: "/api/nope", method: .get) { response in
                #expect(response.headers[.strictTransportSecurity] != nil, "errors carry HSTS too")
            }
        }
    }

    @Test("X-Forwarded-Proto counts only from the trusted proxy")
    func trustedProxy() async throws {
        let site = try TestSite()
        defer { site.remove() }
        var believed: [String: Bool] = [:]
        for proxy in ["127.0.0.1", "::1", "192.0.2.1"] {
            let configuration = site.configuration(origin: "https://localhost", trustedProxy: proxy)
            let app = try PassbankApplication.make(configuration: configuration, database: try AppDatabase.inMemory(), logger: .test)
            believed[proxy] = try await app.test(.live) { client in
                try await client.execute(uri: "/signin/", method: .get, headers: [HTTPField.Name("X-Forwarded-Proto")!: "https"]) {
                    $0.headers[.strictTransportSecurity] != nil
                }
            }
        }
        // The test client reaches the server over one loopback address (IPv4 or IPv6, as "localhost"
        // resolves): trusting that one makes the header count; trusting any other address does not.
        #expect(believed["127.0.0.1"] == true || believed["::1"] == true)
        #expect(believed["127.0.0.1"] != believed["::1"])
        #expect(believed["192.0.2.1"] == false)
    }

    static func selfSignedCertificate(in folder: URL) throws -> ServerConfiguration.TLSFiles {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName("localhost") }
        let now = Date()
        let certificate = try Certificate(
            version: .v3,
            serialNumber: .init(),
            publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(3600),
            issuer: name,
            subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions { SubjectAlternativeNames([.dnsName("localhost")]) },
            issuerPrivateKey: .init(key)
        )
        let files = ServerConfiguration.TLSFiles(
            certificateChain: folder.appendingPathComponent("cert.pem"),
            privateKey: folder.appendingPathComponent("key.pem")
        )
        try Data(certificate.serializeAsPEM().pemString.utf8).write(to: files.certificateChain)
        try Data(key.pemRepresentation.utf8).write(to: files.privateKey)
        return files
    }
}
