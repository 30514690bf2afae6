public import Foundation
public import X509

/// An operator's trust anchor for some AAGUIDs (DESIGN.md "Trust anchors"): for private deployments
/// and for the Chromium virtual authenticator in end-to-end tests.
public struct OperatorTrustAnchor: Sendable {
    public let name: String
    public let aaguids: [AAGUID]
    public let roots: [Certificate]
    /// The certification level the operator vouches for (stands in for MDS status reports).
    public let certificationLevel: CertificationLevel?
    /// FIDO Registry key protection values the operator vouches for (`hardware`, `secure_element`, `tee`).
    public let keyProtection: [String]
    /// A test anchor: the server warns at start.
    public let isTest: Bool

    public init(
        name: String,
        aaguids: [AAGUID],
        roots: [Certificate],
        certificationLevel: CertificationLevel?,
        keyProtection: [String],
        isTest: Bool
    ) {
        self.name = name
        self.aaguids = aaguids
        self.roots = roots
        self.certificationLevel = certificationLevel
        self.keyProtection = keyProtection
        self.isTest = isTest
    }

    var isHardwareProtected: Bool {
        MetadataEntry(keyProtection: keyProtection).isHardwareProtected
    }
}

/// The anchors of `--trust-anchors DIR`: `DIR/anchors.json` and the PEM files it names.
public struct OperatorTrustAnchors: Sendable {
    public let anchors: [OperatorTrustAnchor]

    public static let none = OperatorTrustAnchors(anchors: [])

    public init(anchors: [OperatorTrustAnchor]) { self.anchors = anchors }

    /// Parses the manifest; `readFile` returns the bytes of a file named in `roots` (the caller reads
    /// them from the directory, so this stays free of I/O).
    /// - Throws: `anchors-invalid` naming the anchor and field at fault.
    public init(manifest: Data, readFile: (String) throws -> Data) throws(MetadataError) {
        struct Wire: Decodable {
            let name: String
            let aaguids: [String]
            let roots: [String]
            let certificationLevel: String?
            let keyProtection: [String]?
            let test: Bool?
        }
        let wire: [Wire]
        do {
            wire = try JSONDecoder().decode([Wire].self, from: manifest)
        } catch {
            throw MetadataError(.anchorsInvalid, "anchors.json is not a list of anchors with name, aaguids and roots: \(error).")
        }
        var anchors: [OperatorTrustAnchor] = []
        for item in wire {
            var aaguids: [AAGUID] = []
            for text in item.aaguids {
                guard let aaguid = AAGUID(text), !aaguid.isZero else {
                    throw MetadataError(.anchorsInvalid, "Anchor \(item.name): \(text) is not a non-zero AAGUID.")
                }
                aaguids.append(aaguid)
            }
            var roots: [Certificate] = []
            for file in item.roots {
                // Only plain names inside the anchors directory.
                guard !file.contains("/"), !file.contains("\\"), !file.hasPrefix("."), file.hasSuffix(".pem") else {
                    throw MetadataError(.anchorsInvalid, "Anchor \(item.name): root \(file) must be a .pem file name inside the directory.")
                }
                guard let data = try? readFile(file), let text = String(data: data, encoding: .utf8) else {
                    throw MetadataError(.anchorsInvalid, "Anchor \(item.name): root file \(file) cannot be read.")
                }
                roots += try MDSRoots.certificates(pem: text)
            }
            guard !roots.isEmpty, !aaguids.isEmpty else {
                throw MetadataError(.anchorsInvalid, "Anchor \(item.name) needs at least one AAGUID and one root.")
            }
            var level: CertificationLevel?
            if let text = item.certificationLevel {
                guard let parsed = CertificationLevel(text) else {
                    throw MetadataError(.anchorsInvalid, "Anchor \(item.name): certificationLevel \(text) is not FIDO_CERTIFIED_L1…L3plus.")
                }
                level = parsed
            }
            anchors.append(
                OperatorTrustAnchor(
                    name: item.name,
                    aaguids: aaguids,
                    roots: roots,
                    certificationLevel: level,
                    keyProtection: item.keyProtection ?? [],
                    isTest: item.test ?? false
                )
            )
        }
        self.anchors = anchors
    }

    /// The first anchor naming `aaguid`.
    public func anchor(for aaguid: AAGUID) -> OperatorTrustAnchor? {
        anchors.first { $0.aaguids.contains(aaguid) }
    }

    public var testAnchors: [OperatorTrustAnchor] { anchors.filter(\.isTest) }
}
