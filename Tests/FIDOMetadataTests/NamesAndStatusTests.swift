import FIDOMetadata
import Foundation
import Testing

/// Provider names, AAGUID text, certification levels and status reports in force (FIDO MDS3 §3.1.3–4).
@Suite("Names and status")
struct NamesAndStatusTests {
    static let yubiKey = AAGUID("fa2b99dc-9e39-4257-8f92-4a30d23c4118")!
    static let apple = AAGUID("fbfc3007-154e-4ecc-8c0b-6e020557d7bd")!

    @Test("provider names: MDS description, then built-in, then the operator's file, then Passkey")
    func providerNames() throws {
        let snapshot = MetadataSnapshot(
            number: 1,
            nextUpdate: .distantFuture,
            entries: [MetadataEntry(aaguid: Self.yubiKey, description: "YubiKey 5 Series with NFC")]
        )
        let file = #"{"00112233-4455-6677-8899-aabbccddeeff": {"name": "Acme Vault", "icon_dark": "data:"}}"#
        let names = try ProviderNames(communityJSON: Data(file.utf8))
        #expect(names.name(for: Self.yubiKey, metadata: snapshot) == "YubiKey 5 Series with NFC")
        #expect(names.name(for: Self.apple, metadata: snapshot) == "iCloud Keychain")
        #expect(names.name(for: AAGUID("00112233-4455-6677-8899-aabbccddeeff"), metadata: snapshot) == "Acme Vault")
        #expect(names.name(for: AAGUID(bytes: [UInt8](repeating: 0, count: 16)), metadata: snapshot) == "Passkey")
        #expect(names.name(for: AAGUID("ffffffff-4455-6677-8899-aabbccddeeff"), metadata: nil) == "Passkey")
        #expect(ProviderNames.builtIn.count >= 15)
        #expect(throws: MetadataError(.providerNamesInvalid, "")) { try ProviderNames(communityJSON: Data("[1]".utf8)) }
        #expect(throws: MetadataError(.providerNamesInvalid, "")) { try ProviderNames(communityJSON: Data(#"{"x":{"name":"y"}}"#.utf8)) }
    }

    @Test("the community file of the corpus loads", .enabled(if: MDSCorpus.available))
    func communityCorpus() throws {
        let data = try Data(contentsOf: MDSCorpus.directory.appendingPathComponent("passkey-provider-aaguids.names.json"))
        let names = try ProviderNames(communityJSON: data)
        #expect(names.operatorNames.count == 52)
    }

    @Test(
        "AAGUID text round-trips; invalid text is refused",
        arguments: ["FA2B99DC-9E39-4257-8F92-4A30D23C4118", "fa2b99dc9e3942578f924a30d23c4118"]
    )
    func aaguidText(_ text: String) {
        #expect(AAGUID(text) == Self.yubiKey)
        #expect(Self.yubiKey.description == "fa2b99dc-9e39-4257-8f92-4a30d23c4118")
        #expect(AAGUID("fa2b99dc-9e39-4257-8f92-4a30d23c411") == nil)
        #expect(AAGUID("zz2b99dc-9e39-4257-8f92-4a30d23c4118") == nil)
    }

    @Test("certification levels: FIDO_CERTIFIED is L1; levels order; text forms parse")
    func levels() {
        #expect(AuthenticatorStatus.fidoCertified.certificationLevel == .l1)
        #expect(CertificationLevel("L2") == .l2 && CertificationLevel("L3+") == .l3plus && CertificationLevel("FIDO_CERTIFIED_L1plus") == .l1plus)
        #expect(CertificationLevel.l1 < .l1plus && CertificationLevel.l2plus < .l3)
        #expect(CertificationLevel("L4") == nil)
    }

    static func day(_ text: String) -> Date { ISO8601DateFormatter().date(from: text + "T00:00:00Z")! }

    @Test("the report in force follows effectiveDate; a bad status stays until a later certification")
    func reportsInForce() {
        let reports = [
            StatusReport(status: AuthenticatorStatus(rawValue: "FIDO_CERTIFIED_L2"), effectiveDate: Self.day("2024-10-12")),
            StatusReport(status: .fidoCertified, effectiveDate: Self.day("2020-01-01")),
            StatusReport(status: AuthenticatorStatus(rawValue: "FIDO_CERTIFIED_L1"), effectiveDate: Self.day("2020-01-01")),
            StatusReport(status: .userVerificationBypass, effectiveDate: Self.day("2025-01-01")),
            StatusReport(status: .updateAvailable, effectiveDate: Self.day("2025-02-01")),
        ]
        #expect(EntryStatus(reports: reports, at: Self.day("2019-01-01")).current == nil)
        #expect(EntryStatus(reports: reports, at: Self.day("2024-10-11")).certificationLevel == .l1)
        let l2 = EntryStatus(reports: reports, at: Self.day("2024-12-02"))
        #expect(l2.certificationLevel == .l2 && l2.doNotTrust == nil)
        let bypass = EntryStatus(reports: reports, at: Self.day("2025-03-01"))
        #expect(bypass.current?.status == .updateAvailable)
        #expect(bypass.doNotTrust?.status == .userVerificationBypass && bypass.certificationLevel == nil)
        let recertified = EntryStatus(
            reports: reports + [StatusReport(status: AuthenticatorStatus(rawValue: "FIDO_CERTIFIED_L1"), effectiveDate: Self.day("2025-06-01"))],
            at: Self.day("2025-07-01")
        )
        #expect(recertified.doNotTrust == nil && recertified.certificationLevel == .l1)
    }

    @Test("the YubiKey 5 fw 5.7 statement is L2 after 2024-10-12", .enabled(if: MDSCorpus.available))
    func yubiKeyL2() throws {
        let json = try Data(contentsOf: MDSCorpus.directory.appendingPathComponent("statements/yubikey5-19083c3d-fw5.7-L2.entry.json"))
        let entry = try MetadataEntry(json: json)
        #expect(entry.status(at: Self.day("2024-12-02")).certificationLevel == .l2)
        #expect(entry.isHardwareProtected)
        #expect(throws: MetadataError(.blobMalformed, "")) { try MetadataEntry(json: Data("{}".utf8)) }
    }
}
