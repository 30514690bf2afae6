import Foundation
import PassbankServer
import Testing

@Suite("Server configuration")
struct ServerConfigurationTests {
    @Test(
        "settings that browsers or WebAuthn would refuse are refused at start, with the fix",
        arguments: [
            ("http://bank.example", "bank.example", nil, nil, "--tls-cert"),
            ("https://bank.example", "bank.example", nil, nil, "--trusted-proxy"),
            ("http://localhost:8080", "example.com", nil, nil, "--rp-id"),
            ("https://bank.example", "other.example", nil, "10.0.0.1", "--rp-id"),
            ("https://bank.example", "ank.example", nil, "10.0.0.1", "--rp-id"),
            ("http://localhost:8080/", "localhost", nil, nil, "--origin"),
            ("http://localhost:8080/app", "localhost", nil, nil, "--origin"),
            ("ftp://localhost", "localhost", nil, nil, "--origin"),
            ("localhost:8080", "localhost", nil, nil, "--origin"),
            ("http://localhost:8080", "localhost", 70000, nil, "--port"),
        ] as [(String, String, Int?, String?, String)]
    )
    func refused(origin: String, rpID: String, port: Int?, proxy: String?, mentions: String) {
        let configuration = ServerConfiguration(port: port ?? 8080, relyingPartyID: rpID, origin: origin, trustedProxy: proxy)
        #expect {
            try configuration.validate()
        } throws: { error in
            (error as? ConfigurationError)?.description.contains(mentions) == true
        }
    }

    @Test(
        "good settings pass",
        arguments: [
            ("http://localhost:8080", "localhost", nil),
            ("http://127.0.0.1:8080", "127.0.0.1", nil),
            ("https://bank.example", "bank.example", "10.0.0.1"),
            ("https://app.bank.example", "bank.example", "10.0.0.1"),
        ] as [(String, String, String?)]
    )
    func accepted(origin: String, rpID: String, proxy: String?) throws {
        try ServerConfiguration(relyingPartyID: rpID, origin: origin, trustedProxy: proxy).validate()
    }

    @Test("ceremony and session lifetimes outside their safe ranges are refused")
    func lifetimes() {
        for settings in [
            SessionSettings(ceremonyLifetime: .seconds(5)), SessionSettings(ceremonyLifetime: .seconds(7200)),
            SessionSettings(idleTimeout: .seconds(10)), SessionSettings(absoluteLifetime: .seconds(60)),
            SessionSettings(idleTimeout: .seconds(3600), absoluteLifetime: .seconds(600)),
        ] {
            var configuration = ServerConfiguration()
            configuration.sessions = settings
            #expect(throws: ConfigurationError.self) { try configuration.validate() }
        }
        var defaults = ServerConfiguration()
        defaults.sessions = SessionSettings()
        #expect(throws: Never.self) { try defaults.validate() }
    }

    @Test("a body limit below 1 KiB or above 16 MiB is refused")
    func bodyLimit() {
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(maxBodyBytes: 10).validate() }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(maxBodyBytes: 1 << 30).validate() }
    }
}

extension ServerConfigurationTests {
    @Test(
        "connection timeouts outside 1s-10m are refused, naming the option",
        arguments: [
            (ConnectionTimeouts(header: .zero), "--header-timeout"),
            (ConnectionTimeouts(header: .milliseconds(500)), "--header-timeout"),
            (ConnectionTimeouts(body: .seconds(601)), "--body-timeout"),
            (ConnectionTimeouts(idle: .seconds(3600)), "--idle-timeout"),
        ]
    )
    func timeoutsOutOfRange(timeouts: ConnectionTimeouts, option: String) {
        var configuration = ServerConfiguration()
        configuration.timeouts = timeouts
        #expect {
            try configuration.validate()
        } throws: { error in
            (error as? ConfigurationError)?.description.contains(option) == true
        }
    }

    @Test("the default timeouts (10s, 30s, 60s) and both ends of the range pass")
    func timeoutsInRange() throws {
        var configuration = ServerConfiguration()
        #expect(configuration.timeouts == ConnectionTimeouts(header: .seconds(10), body: .seconds(30), idle: .seconds(60)))
        try configuration.validate()
        configuration.timeouts = ConnectionTimeouts(header: .seconds(1), body: .seconds(600), idle: .seconds(1))
        try configuration.validate()
    }
}
