import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PassbankServer
import Storage
import Testing
import WebAuthn
import WebAuthnTestSupport

/// Security review, finding 6: with `login_hint` and `acr_values=phrh`, an account without a
/// security key answered `unmet_authentication_requirements` (and its real credential ids) while an
/// unknown name got an empty list. From outside, the two must look the same.
@Suite("Security review 6: login_hint with phrh does not tell who has an account")
struct AccountEnumerationTests {
    struct Shape: Equatable {
        var status: HTTPResponse.Status
        var page: String
        var allowCount: Int
        var transports: [[String]]
        var userVerification: String?
        var hints: [String]
    }

    static func shape(of name: String, claims: String?, client: any TestClientProtocol) async throws -> (Shape, String) {
        var stranger = Browser(client: client)
        var extra = [("login_hint", name), ("acr_values", "phrh"), ("max_age", "300")]
        if let claims { extra.append(("claims", claims)) }
        let start = try await stranger.get(OAuthFlow.authorizePath(extra))
        let location = start.headers[.location] ?? ""
        let page = String(location.prefix { $0 != "?" })
        guard let requestID = OAuthFlow.query(location)["request"] else {
            return (Shape(status: start.status, page: location, allowCount: -1, transports: [], userVerification: nil, hints: []), "")
        }
        let options = try await stranger.post("/webauthn/authentication/options", json: ["request": requestID])
        let parsed = try Browser.decode(Browser.Options<PublicKeyCredentialRequestOptionsJSON>.self, options)
        let publicKey = parsed.publicKey
        return (
            Shape(
                status: options.status,
                page: page,
                allowCount: publicKey.allowCredentials.count,
                transports: publicKey.allowCredentials.map { $0.transports ?? [] },
                userVerification: publicKey.userVerification,
                hints: publicKey.hints
            ),
            String(buffer: options.body)
        )
    }

    @Test(
        "an account without a security key and an unknown name get the same answers",
        arguments: [nil, #"{"id_token":{"acr":{"essential":true,"values":["phrh"]}}}"#]
    )
    func sameAnswers(claims: String?) async throws {
        try await CeremonyHarness.run { _, client in
            var ada = Browser(client: client)
            var passkey = CeremonyEndpointTests.synced()
            #expect(try await ada.signUp("ada", with: &passkey).status == .created)
            let realID = Base64URL.encode(try #require(passkey.credentials.first).id)

            let (existing, existingBody) = try await Self.shape(of: "ada", claims: claims, client: client)
            let (unknown, _) = try await Self.shape(of: "nobody-here", claims: claims, client: client)
            #expect(existing == unknown)
            #expect(existing.page == "/signin/")
            #expect(existing.allowCount == 1)
            #expect(!existingBody.contains(realID), "a stranger never sees the account's credential ids for phrh")
            #expect(!existingBody.contains("no-high-assurance-passkey"))
        }
    }
}
