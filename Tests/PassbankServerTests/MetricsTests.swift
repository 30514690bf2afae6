import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PassbankServer
import Testing

/// `GET /metrics`: Prometheus text with requests by route, ceremony outcomes by code, step-up
/// challenges and the metadata's freshness.
@Suite("Operations: Prometheus metrics")
struct MetricsTests {
    @Test("requests by route template, ceremony outcomes by code, step-up challenges, metadata gauges")
    func exposition() async throws {
        try await BankingHarness.run { _, client in
            let ada = try await BankCustomer.signUp("ada", seed: 51, client: client)
            var stranger = Browser(client: client)
            _ = try await stranger.post("/webauthn/authentication/verify", body: #"{"ceremonyId":"nope","credential":{}}"#)
            let large = BankCustomer.transferJSON(from: ada.accounts[0].id, to: ada.accounts[1].id, amountJSON: #""2500.00""#)
            #expect(try await ada.transfer(large, key: "m-1").status == .unauthorized)
            _ = try await ada.api(.get, "/api/accounts/\(ada.accounts[0].id)/transactions")

            let response = try await client.execute(uri: "/metrics", method: .get, headers: [:], body: nil)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = String(buffer: response.body)
            #expect(text.contains(#"passbank_ceremony_outcomes_total{ceremony="registration",outcome="ok"} 1"#))
            #expect(text.contains(#"passbank_ceremony_outcomes_total{ceremony="authentication",outcome="malformed-request"} 1"#))
            #expect(text.contains(#"passbank_step_up_challenges_total{route="/api/transfers"} 1"#))
            // The route's template, never the account id in the path.
            #expect(text.contains(#"route="/api/accounts/{id}/transactions""#))
            #expect(!text.contains(ada.accounts[0].id))
            #expect(text.contains("passbank_http_request_duration_seconds_bucket"))
            #expect(text.contains("passbank_mds_loaded 0"))
        }
    }
}
