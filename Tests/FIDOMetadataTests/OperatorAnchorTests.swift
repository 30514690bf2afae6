import Crypto
import FIDOMetadata
import Foundation
import SwiftASN1
import Testing
import WebAuthn
import WebAuthnTestSupport
import X509

/// `--trust-anchors DIR`: anchors.json, and whole registrations from the software authenticator.
@Suite("Operator trust anchors")
struct OperatorAnchorTests {
    static let time = Date(timeIntervalSince1970: 1_800_000_000)
    static let aaguid: [UInt8] = Array(0x10...0x1F)
    let authority: AttestationAuthority

    init() throws {
        authority = try AttestationAuthority(
            certifiedAAGUID: Self.aaguid,
            notBefore: Self.time.addingTimeInterval(-86_400),
            notAfter: Self.time.addingTimeInterval(86_400 * 365)
        )
    }

    func pem(_ certificate: Certificate) throws -> Data {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return Data(PEMDocument(type: "CERTIFICATE", derBytes: serializer.serializedBytes).pemString.utf8)
    }

    func anchors(level: String = "FIDO_CERTIFIED_L1", keyProtection: String = #"["hardware","secure_element"]"#) throws -> OperatorTrustAnchors {
        let aaguid = AAGUID(bytes: Self.aaguid)!.description
        let manifest =
            #"[{"name":"Chromium virtual authenticator","aaguids":["\#(aaguid)"],"roots":["virtual.pem"],"certificationLevel":"\#(level)","keyProtection":\#(keyProtection),"test":true}]"#
        let root = try pem(authority.root)
        return try OperatorTrustAnchors(manifest: Data(manifest.utf8)) { name in
            guard name == "virtual.pem" else { throw CocoaError(.fileNoSuchFile) }
            return root
        }
    }

    func register(x5cIncludesRoot: Bool = false) async throws -> RegisteredCredential {
        var authority = self.authority
        authority.x5cIncludesRoot = x5cIncludesRoot
        var authenticator = SoftwareAuthenticator(aaguid: Self.aaguid)
        let challenge = [UInt8](repeating: 7, count: 32)
        let response = try authenticator.makeCredential(
            rpID: "localhost",
            origin: "http://localhost:8080",
            challenge: challenge,
            userHandle: [1, 2, 3],
            attestation: .packed(authority)
        )
        let party = RelyingParty(id: "localhost", name: "Passbank", origins: ["http://localhost:8080"])
        return try await party.verifyRegistration(response, expecting: RegistrationExpectation(challenge: challenge), at: Self.time)
    }

    @Test("an operator anchor makes a device-bound, verified key phrh, and is flagged as a test anchor")
    func anchoredKey() async throws {
        let anchors = try anchors()
        #expect(anchors.testAnchors.count == 1)
        let evidence = await AttestationAssessor(metadata: nil, operatorAnchors: anchors).evidence(for: try await register(), at: Self.time)
        #expect(evidence.chain == .operatorAnchor(name: "Chromium virtual authenticator"))
        let flags = CeremonyFlags(userVerified: true, backupEligible: false)
        let decision = AssurancePolicy.evaluate(evidence, flags: flags, metadata: nil, operatorAnchors: anchors, at: Self.time)
        #expect(decision.outcome == .phrh)
        #expect(decision.reasons[0].text.contains("test anchor"))
        // Stored evidence survives a round trip through JSON.
        let stored = try JSONDecoder().decode(AttestationEvidence.self, from: try JSONEncoder().encode(evidence))
        #expect(stored == evidence)
        // With the anchor gone, the same stored evidence is phr.
        #expect(AssurancePolicy.evaluate(evidence, flags: flags, metadata: nil, at: Self.time).reasonCodes == ["operator-anchor-missing"])
    }

    /// A self-signed, non-CA attestation certificate like Chromium's virtual security key's.
    static func selfSigned(_ key: P256.Signing.PrivateKey, from: Date, days: Double) throws -> Certificate {
        let name = try DistinguishedName {
            CountryName("US")
            OrganizationName("Chromium")
            OrganizationalUnitName("Authenticator Attestation")
            CommonName("Batch Certificate")
        }
        return try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: .init(key.publicKey),
            notValidBefore: from,
            notValidAfter: from.addingTimeInterval(days * 86_400),
            issuer: name,
            subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions { Critical(BasicConstraints.notCertificateAuthority) },
            issuerPrivateKey: .init(key)
        )
    }

    @Test("a self-signed attestation certificate is anchored by its public key, whatever its validity dates, only while valid")
    func anchoredByKey() async throws {
        let key = P256.Signing.PrivateKey()
        // The operator saved the certificate of one run; the next run regenerates its dates, same key.
        let saved = try Self.selfSigned(key, from: Self.time.addingTimeInterval(-30 * 86_400), days: 20)
        let today = try Self.selfSigned(key, from: Self.time.addingTimeInterval(-3600), days: 1)
        let aaguid = try #require(AAGUID(bytes: Self.aaguid))
        let anchors = OperatorTrustAnchors(
            anchors: [
                OperatorTrustAnchor(
                    name: "Chromium",
                    aaguids: [aaguid],
                    roots: [saved],
                    certificationLevel: .l1,
                    keyProtection: ["hardware"],
                    isTest: true
                )
            ]
        )
        let assessor = AttestationAssessor(metadata: nil, operatorAnchors: anchors)
        func chain(_ path: [Certificate], at time: Date = Self.time) async -> AttestationEvidence.ChainTrust {
            await assessor.evidence(aaguid: aaguid, trustPath: path, format: "packed", backupEligible: false, at: time).chain
        }
        #expect(await chain([today]) == .operatorAnchor(name: "Chromium"))
        // Another key, an expired certificate, or the key inside a longer path: not anchored.
        let stranger = try Self.selfSigned(P256.Signing.PrivateKey(), from: Self.time.addingTimeInterval(-3600), days: 1)
        for (path, time) in [([stranger], Self.time), ([today], Self.time.addingTimeInterval(2 * 86_400)), ([stranger, today], Self.time)] {
            let trust = await chain(path, at: time)
            #expect(trust != .operatorAnchor(name: "Chromium"), "\(path.count) certificate(s) at \(time)")
        }
    }

    @Test("without anchors, a root sent in x5c anchors nothing")
    func rootInX5C() async throws {
        let evidence = await AttestationAssessor(metadata: nil).evidence(for: try await register(x5cIncludesRoot: true), at: Self.time)
        let decision = AssurancePolicy.evaluate(evidence, flags: .init(userVerified: true, backupEligible: false), metadata: nil, at: Self.time)
        #expect(decision.outcome == .phr && decision.reasonCodes == ["attestation-unverified"])
    }

    @Test("software key protection or a missing level keeps an anchored key at phr")
    func weakAnchor() async throws {
        let flags = CeremonyFlags(userVerified: true, backupEligible: false)
        let software = try anchors(keyProtection: #"["software"]"#)
        let evidence = await AttestationAssessor(metadata: nil, operatorAnchors: software).evidence(for: try await register(), at: Self.time)
        #expect(
            AssurancePolicy.evaluate(evidence, flags: flags, metadata: nil, operatorAnchors: software, at: Self.time).reasonCodes == [
                "key-protection-insufficient"
            ]
        )
    }

    @Test(
        "invalid manifests are anchors-invalid",
        arguments: [
            #"{"name":"x"}"#,
            #"[{"name":"x","aaguids":["nope"],"roots":["a.pem"]}]"#,
            #"[{"name":"x","aaguids":["00112233-4455-6677-8899-aabbccddeeff"],"roots":["../etc/passwd.pem"]}]"#,
            #"[{"name":"x","aaguids":["00112233-4455-6677-8899-aabbccddeeff"],"roots":["missing.pem"]}]"#,
            #"[{"name":"x","aaguids":["00112233-4455-6677-8899-aabbccddeeff"],"roots":["a.pem"],"certificationLevel":"GOLD"}]"#,
        ]
    )
    func invalidManifest(_ manifest: String) throws {
        let root = try pem(authority.root)
        #expect(throws: MetadataError(.anchorsInvalid, "")) {
            try OperatorTrustAnchors(manifest: Data(manifest.utf8)) { name in
                guard name == "a.pem" else { throw CocoaError(.fileNoSuchFile) }
                return root
            }
        }
    }
}
