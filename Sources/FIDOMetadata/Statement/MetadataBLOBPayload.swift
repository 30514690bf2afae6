public import Foundation
import SwiftASN1
import X509

/// The BLOB payload (FIDO MDS3 §3.1.6 MetadataBLOBPayload). Entries are decoded one by one: an entry
/// that does not decode or validate is skipped and counted, never fatal.
struct MetadataBLOBPayload: Decodable {
    let legalHeader: String?
    let no: Int
    let nextUpdate: String
    let entries: [MetadataEntry]
    let skippedEntries: [String]
    let warnings: [String]

    enum CodingKeys: String, CodingKey { case legalHeader, no, nextUpdate, entries }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        legalHeader = try container.decodeIfPresent(String.self, forKey: .legalHeader)
        no = try container.decode(Int.self, forKey: .no)
        nextUpdate = try container.decode(String.self, forKey: .nextUpdate)
        var list = try container.nestedUnkeyedContainer(forKey: .entries)
        var entries: [MetadataEntry] = []
        var skipped: [String] = []
        var warnings: [String] = []
        entries.reserveCapacity(list.count ?? 0)
        while !list.isAtEnd {
            let position = list.currentIndex
            do {
                let wire = try list.decode(EntryWire.self)
                let entry = try MetadataEntry(wire: wire)
                if entry.unparsableRootCount > 0 {
                    warnings.append(
                        "entry \(position) (\(entry.identifier)): \(entry.unparsableRootCount) attestation root(s) do not parse and are ignored"
                    )
                }
                entries.append(entry)
            } catch {
                // A failed decode does not advance the container; step over the element.
                if list.currentIndex == position { _ = try list.decode(SkippedValue.self) }
                skipped.append("entry \(position): \(Self.summary(of: error))")
            }
        }
        self.entries = entries
        self.skippedEntries = skipped
        self.warnings = warnings
    }

    private static func summary(of error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing \(key.stringValue)"
        case DecodingError.typeMismatch(_, let context), DecodingError.dataCorrupted(let context):
            return "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        case let error as MetadataError: return error.reason
        default: return "\(error)"
        }
    }

    struct SkippedValue: Decodable {
        init(from decoder: any Decoder) throws {}
    }

    struct EntryWire: Decodable {
        let aaid: String?
        let aaguid: String?
        let attestationCertificateKeyIdentifiers: [String]?
        let metadataStatement: StatementWire?
        let statusReports: [StatusReportWire]
        let timeOfLastStatusChange: String?
    }

    struct StatementWire: Decodable {
        let description: String?
        let protocolFamily: String?
        let authenticatorVersion: Int?
        let keyProtection: [String]?
        let matcherProtection: [String]?
        let attachmentHint: [String]?
        let attestationTypes: [String]?
        let attestationRootCertificates: [String]?
    }

    struct StatusReportWire: Decodable {
        let status: String
        let effectiveDate: String?
        let authenticatorVersion: Int?
        let certificate: String?
        let url: String?
        let certificationDescriptor: String?
    }
}

extension MetadataEntry {
    /// Validates one decoded entry: identifiers, dates and root certificates (FIDO MDS3 §3.1.1).
    init(wire: MetadataBLOBPayload.EntryWire) throws(MetadataError) {
        var aaguid: AAGUID?
        if let text = wire.aaguid {
            guard let value = AAGUID(text) else { throw MetadataError(.blobMalformed, "aaguid \(text) is not a UUID") }
            aaguid = value
        }
        let keyIdentifiers = (wire.attestationCertificateKeyIdentifiers ?? []).map { $0.lowercased() }
        guard aaguid != nil || wire.aaid != nil || !keyIdentifiers.isEmpty else {
            throw MetadataError(.blobMalformed, "the entry has no aaguid, aaid or attestationCertificateKeyIdentifiers")
        }
        var reports: [StatusReport] = []
        for report in wire.statusReports {
            var date: Date?
            if let text = report.effectiveDate {
                guard let parsed = CivilDate.parse(text) else { throw MetadataError(.blobMalformed, "effectiveDate \(text) is not a date") }
                date = parsed
            }
            reports.append(
                StatusReport(
                    status: AuthenticatorStatus(rawValue: report.status),
                    effectiveDate: date,
                    authenticatorVersion: report.authenticatorVersion,
                    certificate: report.certificate,
                    url: report.url,
                    certificationDescriptor: report.certificationDescriptor
                )
            )
        }
        var roots: [Certificate] = []
        var unparsableRoots = 0
        for encoded in wire.metadataStatement?.attestationRootCertificates ?? [] {
            // FIDO Metadata Statement §4: base64 (not base64url) DER certificates. A root that does not
            // parse is dropped and counted, not the entry: its status reports (REVOKED…) must still apply.
            if let der = Data(base64Encoded: encoded), let certificate = try? Certificate(derEncoded: Array(der)) {
                roots.append(certificate)
            } else {
                unparsableRoots += 1
            }
        }
        let statement = wire.metadataStatement
        self.init(
            aaguid: aaguid,
            aaid: wire.aaid,
            attestationCertificateKeyIdentifiers: keyIdentifiers,
            description: statement?.description,
            protocolFamily: statement?.protocolFamily,
            authenticatorVersion: statement?.authenticatorVersion,
            keyProtection: statement?.keyProtection ?? [],
            matcherProtection: statement?.matcherProtection ?? [],
            attachmentHint: statement?.attachmentHint ?? [],
            attestationTypes: statement?.attestationTypes ?? [],
            attestationRootCertificates: roots,
            statusReports: reports,
            timeOfLastStatusChange: wire.timeOfLastStatusChange.flatMap(CivilDate.parse),
            unparsableRootCount: unparsableRoots
        )
    }
}

extension MetadataEntry {
    /// Decodes one `MetadataBLOBPayloadEntry` JSON object (FIDO MDS3 §3.1.1), as cut out of a BLOB.
    /// - Throws: `blob-malformed` when it does not decode or validate.
    public init(json: Data) throws(MetadataError) {
        let wire: MetadataBLOBPayload.EntryWire
        do {
            wire = try JSONDecoder().decode(MetadataBLOBPayload.EntryWire.self, from: json)
        } catch {
            throw MetadataError(.blobMalformed, "The metadata entry is not a MetadataBLOBPayloadEntry.")
        }
        try self.init(wire: wire)
    }
}
