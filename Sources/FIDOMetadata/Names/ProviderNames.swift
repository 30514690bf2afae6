public import Foundation

/// Names people recognise for the authenticator behind a passkey: the MDS description; else a small
/// built-in table of well-known passkey providers; else the operator's file in the community
/// `aaguid.json` shape (passkeydeveloper/passkey-authenticator-aaguids); else "Passkey".
public struct ProviderNames: Sendable {
    public static let fallback = "Passkey"

    /// AAGUIDs that well-known passkey providers send (public identifiers, not copied data).
    public static let builtIn: [AAGUID: String] = {
        let table: [(String, String)] = [
            ("fbfc3007-154e-4ecc-8c0b-6e020557d7bd", "iCloud Keychain"),
            ("dd4ec289-e01d-41c9-bb89-70fa845d4bf2", "iCloud Keychain (Managed)"),
            ("ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4", "Google Password Manager"),
            ("adce0002-35bc-c60a-648b-0b25f1f05503", "Chrome on Mac"),
            ("08987058-cadc-4b81-b6e1-30de50dcbe96", "Windows Hello"),
            ("9ddd1817-af5a-4672-a2b9-3e3dd95000a9", "Windows Hello"),
            ("6028b017-b1d4-4c02-b4b3-afcdafc96bb2", "Windows Hello"),
            ("53414d53-554e-4700-0000-000000000000", "Samsung Pass"),
            ("bada5566-a7aa-401f-bd96-45619a55120d", "1Password"),
            ("d548826e-79b4-db40-a3d8-11116f7e8349", "Bitwarden"),
            ("531126d6-e717-415c-9320-3d9aa6981239", "Dashlane"),
            ("50726f74-6f6e-5061-7373-50726f746f6e", "Proton Pass"),
            ("b84e4048-15dc-4dd0-8640-f4f60813c8af", "NordPass"),
            ("0ea242b4-43c4-4a1b-8b17-dd6d0b6baec6", "Keeper"),
            ("f3809540-7f14-49c1-a8b3-8f813b225541", "Enpass"),
            ("fdb141b2-5d84-443e-8a35-4698c205a502", "KeePassXC"),
        ]
        return Dictionary(table.compactMap { text, name in AAGUID(text).map { ($0, name) } }, uniquingKeysWith: { first, _ in first })
    }()

    /// The operator's names, from an `aaguid.json` file.
    public let operatorNames: [AAGUID: String]

    public init(operatorNames: [AAGUID: String] = [:]) { self.operatorNames = operatorNames }

    /// Parses the community shape `{"<aaguid>": {"name": "…", …}, …}`; a `{"aaguids": {…}}` wrapper is accepted too.
    /// - Throws: `provider-names-invalid` when the JSON has another shape.
    public init(communityJSON data: Data) throws(MetadataError) {
        struct Named: Decodable { let name: String }
        struct Wrapped: Decodable { let aaguids: [String: Named] }
        let decoder = JSONDecoder()
        guard let table = (try? decoder.decode([String: Named].self, from: data)) ?? (try? decoder.decode(Wrapped.self, from: data))?.aaguids else {
            throw MetadataError(.providerNamesInvalid, "The provider-name file is not an aaguid.json object of {\"<aaguid>\": {\"name\": …}}.")
        }
        var names: [AAGUID: String] = [:]
        for (key, value) in table {
            guard let aaguid = AAGUID(key) else { throw MetadataError(.providerNamesInvalid, "\(key) in the provider-name file is not an AAGUID.") }
            names[aaguid] = value.name
        }
        self.operatorNames = names
    }

    /// The name to show for a passkey of this authenticator.
    public func name(for aaguid: AAGUID?, metadata: MetadataSnapshot?) -> String {
        guard let aaguid, !aaguid.isZero else { return Self.fallback }
        if let description = metadata?.entry(aaguid: aaguid)?.description, !description.isEmpty { return description }
        return Self.builtIn[aaguid] ?? operatorNames[aaguid] ?? Self.fallback
    }
}
