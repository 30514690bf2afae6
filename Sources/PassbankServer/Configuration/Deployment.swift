public import Foundation
public import OpenIDProvider

/// What a deployment adds beyond the defaults, from one JSON file (`passbank serve --deployment`):
/// more OAuth clients, the bank's native apps, and related web origins. Everything is checked at
/// start; a mistake stops the server with the file, the entry and the fix.
///
/// ```json
/// {
///   "clients": [
///     {"id": "partner-portal", "name": "Partner Portal", "type": "web", "secretEnv": "PARTNER_SECRET",
///      "redirectURIs": ["https://partner.example/callback"], "idTokenSigningAlg": "RS256"},
///     {"id": "passbank-ios", "name": "Passbank for iPhone", "type": "native", "firstParty": true,
///      "scopes": ["openid", "profile", "offline_access", "accounts", "payments", "passkeys"],
///      "redirectURIs": ["com.example.passbank:/oauth2/callback", "http://127.0.0.1/callback"]}
///   ],
///   "appleApps": ["ABCDE12345.com.example.passbank"],
///   "androidApps": [{"package": "com.example.passbank", "sha256CertFingerprints": ["14:6D:…:E5"]}],
///   "relatedOrigins": ["https://passbank.example.de"]
/// }
/// ```
public struct Deployment: Sendable, Equatable {
    /// Clients besides `passbank-web`: third parties, whose people are asked for consent, unless `firstParty`.
    public var clients: [OAuthClient] = []
    /// iOS apps (`TEAMID.bundle.id`) allowed to use this bank's passkeys (`webcredentials`).
    public var appleApps: [String] = []
    /// Android apps allowed to use the passkeys and open the bank's links.
    public var androidApps: [AndroidApp] = []
    /// Other web origins that may use this RP ID (WebAuthn L3 §5.11, `/.well-known/webauthn`).
    public var relatedOrigins: [String] = []

    public init() {}

    /// An Android app and its signing certificates' SHA-256 fingerprints (`AB:CD:…`, 32 bytes).
    public struct AndroidApp: Sendable, Equatable, Codable {
        public var package: String
        public var sha256CertFingerprints: [String]

        /// The origin Android gives WebAuthn calls from this app for each certificate:
        /// `android:apk-key-hash:<base64url of the fingerprint bytes>`.
        public var webAuthnOrigins: [String] {
            sha256CertFingerprints.compactMap { fingerprint in
                let bytes = fingerprint.split(separator: ":").compactMap { UInt8($0, radix: 16) }
                guard bytes.count == 32 else { return nil }
                let base64 = Data(bytes).base64EncodedString()
                    .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
                return "android:apk-key-hash:" + base64
            }
        }
    }

    /// Every origin whose WebAuthn answers are accepted besides the bank's own.
    public var additionalWebAuthnOrigins: [String] {
        relatedOrigins + androidApps.flatMap(\.webAuthnOrigins)
    }

    /// The file's JSON shape.
    struct File: Decodable {
        struct Client: Decodable {
            var id: String
            var name: String?
            var firstParty: Bool?
            var type: String?
            var secretSHA256: String?
            var secretEnv: String?
            var redirectURIs: [String]
            var postLogoutRedirectURIs: [String]?
            var webOrigins: [String]?
            var scopes: [String]?
            var idTokenSigningAlg: String?
        }
        var clients: [Client]?
        var appleApps: [String]?
        var androidApps: [AndroidApp]?
        var relatedOrigins: [String]?
    }

    /// Reads and checks a deployment file.
    ///
    /// - Parameter environment: where `secretEnv` names are looked up.
    /// - Throws: `ConfigurationError` naming the file, the entry and the fix.
    public static func load(from url: URL, environment: [String: String]) throws(ConfigurationError) -> Deployment {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ConfigurationError("The deployment file \(url.path) cannot be read. Check --deployment.")
        }
        guard data.count <= 1_048_576 else { throw ConfigurationError("The deployment file \(url.path) is larger than 1 MiB.") }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw ConfigurationError("The deployment file \(url.path) is not the expected JSON (\(Self.describe(error))). See docs/deployment.md.")
        }
        return try Deployment(file, path: url.path, environment: environment)
    }

    init(_ file: File, path: String, environment: [String: String]) throws(ConfigurationError) {
        func fail(_ message: String) -> ConfigurationError { ConfigurationError("\(path): \(message)") }
        var seen: Set<String> = [ClientRegistry.webClientID]
        for entry in file.clients ?? [] {
            clients.append(try Self.client(entry, seen: &seen, environment: environment, fail: fail))
        }
        for app in file.appleApps ?? [] {
            // Apple app ids are TEAMID (10 letters or digits) "." bundle id.
            let parts = app.split(separator: ".", maxSplits: 1)
            guard parts.count == 2, parts[0].count == 10, parts[0].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
                !parts[1].isEmpty, parts[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-".contains($0)) })
            else { throw fail("appleApps entry '\(app)' is not TEAMID.bundle.id (a 10-character team id, a dot, the bundle id).") }
            appleApps.append(app)
        }
        for app in file.androidApps ?? [] {
            let package = app.package.split(separator: ".")
            guard package.count >= 2, package.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") } })
            else { throw fail("androidApps package '\(app.package)' is not a Java package name such as com.example.bank.") }
            guard !app.sha256CertFingerprints.isEmpty, app.webAuthnOrigins.count == app.sha256CertFingerprints.count else {
                throw fail("androidApps '\(app.package)' needs sha256CertFingerprints of 32 colon-separated hex bytes (keytool -list -v shows them).")
            }
            androidApps.append(
                AndroidApp(package: app.package, sha256CertFingerprints: app.sha256CertFingerprints.map { $0.uppercased() })
            )
        }
        for origin in file.relatedOrigins ?? [] {
            // WebAuthn L3 §5.11.1: related origins are https origins.
            guard let components = URLComponents(string: origin), components.scheme == "https", components.host?.isEmpty == false,
                components.path.isEmpty, components.query == nil, components.fragment == nil, components.user == nil
            else { throw fail("relatedOrigins entry '\(origin)' is not an https origin such as https://bank.example.de.") }
            relatedOrigins.append(origin)
        }
    }

    static func client(
        _ entry: File.Client,
        seen: inout Set<String>,
        environment: [String: String],
        fail: (String) -> ConfigurationError
    ) throws(ConfigurationError) -> OAuthClient {
        guard (1...64).contains(entry.id.count), entry.id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
            throw fail("client id '\(entry.id)' must be 1-64 letters, digits, dots, dashes or underscores.")
        }
        guard seen.insert(entry.id).inserted else { throw fail("client id '\(entry.id)' is used twice (passbank-web is built in).") }
        guard let type = OAuthClient.ApplicationType(rawValue: entry.type ?? "web") else {
            throw fail("client '\(entry.id)' has type '\(entry.type ?? "")'; use web or native.")
        }
        var authentication = OAuthClient.Authentication.none
        switch (entry.secretSHA256, entry.secretEnv) {
        case (nil, nil):
            break
        case (let hex?, nil):
            guard let secret = ClientSecret(sha256Hex: hex) else { throw fail("client '\(entry.id)' secretSHA256 must be 64 hex digits.") }
            authentication = .clientSecretBasic(secret)
        case (nil, let name?):
            guard let value = environment[name], value.utf8.count >= 32 else {
                throw fail("client '\(entry.id)' reads its secret from \(name), which must be set to at least 32 characters.")
            }
            authentication = .clientSecretBasic(ClientSecret(secret: value))
        default:
            throw fail("client '\(entry.id)' has both secretSHA256 and secretEnv; give one.")
        }
        // RFC 8252 §8.5: a native app cannot keep a secret, so it is public and uses PKCE.
        if type == .native, authentication != .none {
            throw fail("client '\(entry.id)' is native and so cannot keep a secret (RFC 8252 §8.5): remove it; PKCE protects the code.")
        }
        guard !entry.redirectURIs.isEmpty else { throw fail("client '\(entry.id)' needs at least one redirect URI.") }
        for uri in entry.redirectURIs {
            if let problem = RedirectURI.registrationProblem(uri, native: type == .native) {
                throw fail("client '\(entry.id)' redirect URI '\(uri)': \(problem)")
            }
        }
        let algorithm = SigningKey.Algorithm(rawValue: entry.idTokenSigningAlg ?? "ES256")
        guard let algorithm else { throw fail("client '\(entry.id)' idTokenSigningAlg must be ES256 or RS256.") }
        // What a client may ask for is listed on purpose: the default reads, never moves money or
        // touches the passkeys that sign in to the account (docs/deployment.md).
        let scopes = Set(entry.scopes ?? Array(Scope.configuredDefault))
        guard scopes.isSubset(of: Scope.supported), scopes.contains(Scope.openid) else {
            throw fail("client '\(entry.id)' scopes must include openid and be among \(Scope.supported.sorted().joined(separator: ", ")).")
        }
        // The consent page shows the name (as text, never markup): no control characters or stray spaces.
        if let name = entry.name {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard (1...64).contains(trimmed.count), trimmed == name,
                !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            else { throw fail("client '\(entry.id)' name must be 1-64 characters without surrounding spaces or control characters.") }
        }
        return OAuthClient(
            id: entry.id,
            name: entry.name,
            // Third party unless the operator says it is one of the bank's own apps.
            isFirstParty: entry.firstParty ?? false,
            authentication: authentication,
            applicationType: type,
            redirectURIs: entry.redirectURIs,
            postLogoutRedirectURIs: entry.postLogoutRedirectURIs ?? [],
            webOrigins: entry.webOrigins ?? [],
            scopes: scopes,
            idTokenSigningAlgorithm: algorithm
        )
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing '\(key.stringValue)' at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.dataCorrupted(let context):
            return context.debugDescription
        default:
            return "\(error)"
        }
    }
}
