import Foundation
import SwiftASN1
import WebAuthn
import X509

/// One vector of the external corpus `../shared/fixtures/webauthn` (see its README for the fields).
struct CorpusVector: Decodable {
    let kind: String
    let format: String?
    let expect: String
    let challenge: String
    let origin: OneOrMany
    let rpId: OneOrMany
    let credentialPublicKey: String
    let signCount: UInt32
    let requireUserVerification: Bool?
    let verificationTime: String?
    let suggestedVerificationTime: String?
    let trustAnchorsPEM: [String]?
    let attestationTrustAnchorsDER_b64: [String]?
    let topOrigin: String?
    let allowCrossOrigin: Bool?
    let appid: String?
    let credentialId: String?
    let userId: String?

    /// A string or a list of strings.
    struct OneOrMany: Decodable {
        let values: [String]
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let one = try? container.decode(String.self) {
                values = [one]
            } else {
                values = try container.decode([String].self)
            }
        }
    }

    /// The folder, resolved from this file: Tests/WebAuthnTests -> package root -> ../shared/fixtures/webauthn.
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/fixtures/webauthn")

    static var isRequired: Bool { ProcessInfo.processInfo.environment["PASSBANK_CORPUS"] == "required" }

    static let fileNames: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }()

    static func load(_ name: String) throws -> (vector: CorpusVector, response: Data) {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        let vector = try JSONDecoder().decode(CorpusVector.self, from: data)
        let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let response = try JSONSerialization.data(withJSONObject: object["response"]!)
        return (vector, response)
    }

    /// Vectors without a pinned time are judged at this fixed instant (never the wall clock).
    static let defaultTime = ISO8601DateFormatter().date(from: "2026-01-01T00:00:00Z")!

    var time: Date {
        for text in [verificationTime, suggestedVerificationTime].compactMap({ $0 }) {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            if let date = formatter.date(from: text) { return date }
            formatter.formatOptions = [.withInternetDateTime]
            if let date = formatter.date(from: text) { return date }
            formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate]
            if let date = formatter.date(from: text) { return date }
        }
        return Self.defaultTime
    }

    var relyingParty: RelyingParty {
        RelyingParty(
            id: rpId.values[0],
            name: "corpus",
            origins: origin.values,
            additionalIDs: Array(rpId.values.dropFirst()),
            allowsCrossOrigin: allowCrossOrigin ?? false,
            allowedTopOrigins: topOrigin.map { [$0] } ?? []
        )
    }

    func trustAnchors() throws -> AttestationTrustAnchors {
        var roots: [Certificate] = []
        for pem in trustAnchorsPEM ?? [] {
            // Some sources wrap PEM at other widths than 64; read the base64 body directly.
            let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
            roots.append(try Certificate(derEncoded: Array(Data(base64Encoded: body)!)))
        }
        for der in attestationTrustAnchorsDER_b64 ?? [] {
            roots.append(try Certificate(derEncoded: Array(Data(base64Encoded: der)!)))
        }
        return AttestationTrustAnchors(any: roots)
    }
}
