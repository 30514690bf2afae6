import Foundation
import OpenIDProvider
import Testing

@Suite("Discovery (OIDC Discovery §3, RFC 9207 §3)")
struct DiscoveryDocumentTests {
    @Test("The document publishes what the provider does")
    func document() throws {
        let data = try JSONEncoder().encode(DiscoveryDocument(issuer: Fixtures.issuer))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["issuer"] as? String == Fixtures.issuer)
        #expect(json["authorization_endpoint"] as? String == "https://bank.example/oauth2/authorize")
        #expect(json["jwks_uri"] as? String == "https://bank.example/oauth2/jwks")
        #expect(json["end_session_endpoint"] as? String == "https://bank.example/oauth2/logout")
        #expect(json["response_types_supported"] as? [String] == ["code"])
        #expect(json["grant_types_supported"] as? [String] == ["authorization_code", "refresh_token"])
        #expect(json["code_challenge_methods_supported"] as? [String] == ["S256"])
        #expect(json["acr_values_supported"] as? [String] == ["phrh", "phr", "pwd"])
        #expect(json["id_token_signing_alg_values_supported"] as? [String] == ["ES256", "RS256"])
        #expect(json["token_endpoint_auth_methods_supported"] as? [String] == ["none", "client_secret_basic"])
        #expect(json["subject_types_supported"] as? [String] == ["public"])
        #expect(json["claims_parameter_supported"] as? Bool == true)
        #expect(json["authorization_response_iss_parameter_supported"] as? Bool == true)
        #expect(json["request_uri_parameter_supported"] as? Bool == false)
        #expect((json["scopes_supported"] as? [String])?.contains("openid") == true)
        #expect((json["claims_supported"] as? [String])?.contains("acr") == true)
    }
}
