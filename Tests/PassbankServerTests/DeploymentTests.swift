import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OpenIDProvider
import PassbankServer
import Storage
import Testing

@Suite("Deployment file: clients, native apps, related origins; signing keys")
struct DeploymentTests {
    static let fingerprint = "14:6D:E9:83:C5:73:06:50:D8:EE:B9:95:2F:34:FC:64:16:A0:83:42:E6:1D:BE:A8:8A:04:96:B2:3F:CF:44:E5"
    static let secret = "partner-secret-0123456789-abcdefghij"

    static let file = """
        {"clients": [
           {"id": "partner-portal", "secretEnv": "PARTNER_SECRET", "redirectURIs": ["https://partner.example/callback"],
            "idTokenSigningAlg": "RS256"},
           {"id": "passbank-ios", "type": "native", "firstParty": true,
            "redirectURIs": ["com.example.passbank:/oauth2/callback", "http://127.0.0.1/callback"]}],
         "appleApps": ["ABCDE12345.com.example.passbank"],
         "androidApps": [{"package": "com.example.passbank", "sha256CertFingerprints": ["\(fingerprint)"]}],
         "relatedOrigins": ["https://passbank.example.de"]}
        """

    static func load(_ text: String, environment: [String: String] = ["PARTNER_SECRET": secret]) throws -> Deployment {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("deployment-\(UUID().uuidString).json")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try Deployment.load(from: url, environment: environment)
    }

    @Test("a deployment's apps and related origins are published as JSON, never redirected")
    func wellKnown() async throws {
        let deployment = try Self.load(Self.file)
        #expect(
            deployment.additionalWebAuthnOrigins == [
                "https://passbank.example.de", "android:apk-key-hash:FG3pg8VzBlDY7rmVLzT8ZBagg0LmHb6oigSWsj_PROU",
            ]
        )
        try await CeremonyHarness.run(configure: { $0.deployment = deployment }) { _, client in
            let browser = Browser(client: client)
            var copy = browser
            let apple = try await copy.get("/.well-known/apple-app-site-association")
            #expect(apple.status == .ok)
            #expect(apple.headers[.contentType] == "application/json")
            #expect(String(buffer: apple.body) == #"{"webcredentials":{"apps":["ABCDE12345.com.example.passbank"]}}"#)
            let android = try await copy.get("/.well-known/assetlinks.json")
            let statements = try #require(try JSONSerialization.jsonObject(with: Data(android.body.readableBytesView)) as? [[String: Any]])
            #expect(statements.count == 1)
            #expect(
                statements[0]["relation"] as? [String] == [
                    "delegate_permission/common.get_login_creds", "delegate_permission/common.handle_all_urls",
                ]
            )
            let target = try #require(statements[0]["target"] as? [String: Any])
            #expect(target["package_name"] as? String == "com.example.passbank")
            #expect(target["sha256_cert_fingerprints"] as? [String] == [Self.fingerprint])
            let related = try await copy.get("/.well-known/webauthn")
            #expect(String(buffer: related.body) == #"{"origins":["https://passbank.example.de"]}"#)
        }
    }

    @Test("deployment clients are third parties that may ask for openid, profile, offline_access and accounts, unless the file says otherwise")
    func clientDefaults() throws {
        let deployment = try Self.load(Self.file)
        let partner = try #require(deployment.clients.first { $0.id == "partner-portal" })
        #expect(!partner.isFirstParty)
        #expect(partner.name == "partner-portal")
        #expect(partner.scopes == ["openid", "profile", "offline_access", "accounts"])
        let ios = try #require(deployment.clients.first { $0.id == "passbank-ios" })
        #expect(ios.isFirstParty)
        let named = try Self.load(
            #"{"clients":[{"id":"w","name":"Wallet GmbH","scopes":["openid","payments"],"redirectURIs":["https://w.example/cb"]}]}"#
        )
        #expect(named.clients.first?.name == "Wallet GmbH")
        #expect(named.clients.first?.scopes == ["openid", "payments"])
    }

    @Test("without a deployment file the app files answer 404 as JSON problems")
    func notConfigured() async throws {
        try await CeremonyHarness.run { _, client in
            var browser = Browser(client: client)
            for path in ["/.well-known/apple-app-site-association", "/.well-known/assetlinks.json", "/.well-known/webauthn"] {
                let response = try await browser.get(path)
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
        }
    }

    @Test(
        "mistakes in the deployment file stop the server with the entry and the fix",
        arguments: [
            (#"{"clients":[{"id":"passbank-web","redirectURIs":["https://a.example/cb"]}]}"#, "used twice"),
            (#"{"clients":[{"id":"x y","redirectURIs":["https://a.example/cb"]}]}"#, "client id"),
            (#"{"clients":[{"id":"web1","redirectURIs":["http://a.example/cb"]}]}"#, "https"),
            (#"{"clients":[{"id":"web1","redirectURIs":["https://a.example/cb#x"]}]}"#, "fragment"),
            (#"{"clients":[{"id":"web1","redirectURIs":[]}]}"#, "at least one"),
            (#"{"clients":[{"id":"app","type":"native","redirectURIs":["myapp:/cb"]}]}"#, "reverse domain"),
            (#"{"clients":[{"id":"app","type":"native","redirectURIs":["http://localhost/cb"]}]}"#, "loopback"),
            (
                #"{"clients":[{"id":"app","type":"native","secretSHA256":"\#(String(repeating: "a", count: 64))","redirectURIs":["com.example.app:/cb"]}]}"#,
                "8252"
            ),
            (#"{"clients":[{"id":"web1","secretEnv":"MISSING","redirectURIs":["https://a.example/cb"]}]}"#, "MISSING"),
            (#"{"clients":[{"id":"web1","secretSHA256":"abc","redirectURIs":["https://a.example/cb"]}]}"#, "64 hex"),
            (#"{"clients":[{"id":"web1","idTokenSigningAlg":"none","redirectURIs":["https://a.example/cb"]}]}"#, "ES256 or RS256"),
            (#"{"clients":[{"id":"web1","scopes":["email"],"redirectURIs":["https://a.example/cb"]}]}"#, "scopes"),
            (#"{"clients":[{"id":"web1","name":" Padded","redirectURIs":["https://a.example/cb"]}]}"#, "name"),
            (#"{"clients":[{"id":"web1","name":"","redirectURIs":["https://a.example/cb"]}]}"#, "name"),
            (#"{"clients":[{"id":"web1","firstParty":"yes","redirectURIs":["https://a.example/cb"]}]}"#, "expected JSON"),
            (#"{"appleApps":["com.example.app"]}"#, "TEAMID"),
            (#"{"androidApps":[{"package":"com.example.app","sha256CertFingerprints":["AB:CD"]}]}"#, "32 colon-separated"),
            (#"{"relatedOrigins":["http://bank.example"]}"#, "https origin"),
            (#"{"clients":"nope"}"#, "expected JSON"),
        ]
    )
    func refused(text: String, expected: String) throws {
        do {
            _ = try Self.load(text)
            Issue.record("accepted: \(text)")
        } catch let error as ConfigurationError {
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }

    @Test("a configured confidential client authenticates with client_secret_basic and gets RS256 ID tokens; a native client uses any loopback port")
    func confidentialAndNativeClients() async throws {
        let deployment = try Self.load(Self.file)
        try await CeremonyHarness.run(configure: { $0.deployment = deployment }) { _, client in
            var browser = Browser(client: client)
            var synced = CeremonyEndpointTests.synced()
            #expect(try await browser.signUp("ada", with: &synced).status == .created)
            let start = try await browser.get(
                OAuthFlow.authorizePath(pkce: false, clientID: "partner-portal", redirect: "https://partner.example/callback")
            )
            // A partner is a third party: the person approves it first (security review 9).
            let request = try #require(ConsentTests.consentRequest(start))
            let code = try OAuthFlow.item("code", in: try await ConsentTests.approve(&browser, request: request))
            let pairs = [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", "https://partner.example/callback")]
            // Without the secret: invalid_client.
            let anonymous = try await browser.form("/oauth2/token", pairs + [("client_id", "partner-portal")])
            #expect(anonymous.status == .unauthorized)
            var headers = OAuthFlow.formHeaders
            headers[.authorization] = "Basic " + Data("partner-portal:\(Self.secret)".utf8).base64EncodedString()
            let exchanged = try await browser.form("/oauth2/token", pairs, headers: headers)
            #expect(exchanged.status == .ok)
            let tokens = try Browser.decode(OAuthFlow.Tokens.self, exchanged)
            let idToken = try #require(tokens.id_token)
            let jwks = String(buffer: try await browser.get("/oauth2/jwks").body)
            let verified = try await OAuthFlow.verify(idToken, jwks: jwks)
            #expect(verified.claims.aud.values == ["partner-portal"])
            #expect(try Self.header(idToken)["alg"] == "RS256")
            #expect(try Self.header(tokens.access_token)["alg"] == "ES256")

            // RFC 8252 §7.3: the native app's loopback redirect matches on any port.
            let native = try await browser.get(OAuthFlow.authorizePath(clientID: "passbank-ios", redirect: "http://127.0.0.1:53117/callback"))
            #expect(native.headers[.location]?.hasPrefix("http://127.0.0.1:53117/callback?code=") == true)
            let scheme = try await browser.get(OAuthFlow.authorizePath(clientID: "passbank-ios", redirect: "com.example.passbank:/oauth2/callback"))
            #expect(scheme.headers[.location]?.hasPrefix("com.example.passbank:/oauth2/callback?code=") == true)
        }
    }

    @Test("keys rotate: the new key signs at once, the old one stays in the JWKS while its tokens live; refresh returns a new ID token without nonce")
    func rotation() async throws {
        try await CeremonyHarness.run { harness, client in
            var browser = Browser(client: client)
            var synced = CeremonyEndpointTests.synced()
            var signUp = Browser(client: client)
            #expect(try await signUp.signUp("ada", with: &synced).status == .created)
            let code = try await OAuthCodeFlowTests.signInForCode(&browser, authenticator: &synced)
            let first = try Browser.decode(OAuthFlow.Tokens.self, try await OAuthCodeFlowTests.exchange(browser, code: code))
            let oldKid = try #require(try Self.header(first.access_token)["kid"])
            let before = try SigningKeyRotation.summaries(in: harness.database)
            #expect(Set(before.map(\.algorithm)) == ["ES256", "RS256"])

            let rotated = try #require(try SigningKeyRotation.rotate(in: harness.database, algorithmName: "es256", now: harness.clock.now))
            #expect(rotated.stored.count == 3)
            // The running server reads the keys again after its reload interval.
            harness.clock.advance(31)
            let refreshed = try await browser.form(
                "/oauth2/token",
                [("grant_type", "refresh_token"), ("refresh_token", try #require(first.refresh_token)), ("client_id", "passbank-web")]
            )
            #expect(refreshed.status == .ok)
            let second = try Browser.decode(OAuthFlow.Tokens.self, refreshed)
            #expect(try Self.header(second.access_token)["kid"] == rotated.new.kid)
            let jwks = String(buffer: try await browser.get("/oauth2/jwks").body)
            #expect(jwks.contains(oldKid) && jwks.contains(rotated.new.kid))
            // Tokens signed by the retired key still verify against the published set.
            _ = try await OAuthFlow.verify(first.access_token, jwks: jwks)
            let idToken = try await OAuthFlow.verify(try #require(second.id_token), jwks: jwks)
            #expect(idToken.claims.nonce == nil)
            #expect(idToken.claims.acr == "phr")
            // Once the old key's tokens have expired it leaves the JWKS.
            harness.clock.advance(3600)
            #expect(!String(buffer: try await browser.get("/oauth2/jwks").body).contains(oldKid))
        }
    }

    static func header(_ token: String) throws -> [String: String] {
        var part = String(try #require(token.split(separator: ".").first)).replacingOccurrences(of: "-", with: "+")
            .replacingOccurrences(of: "_", with: "/")
        while part.count % 4 != 0 { part += "=" }
        let data = try #require(Data(base64Encoded: part))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
    }
}
