import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PassbankServer
import Storage
import Testing

@Suite("Legacy password sign-in and sign-in rate limits")
struct PasswordSignInTests {
    static let password = "correct horse battery"

    /// A legacy account (cost 4: the tests check behaviour, not bcrypt's work factor).
    static func legacyAccount(_ harness: CeremonyHarness, username: String = "grace") async throws {
        _ = try await LegacyAccounts.create(
            username: username,
            displayName: "Grace",
            password: password,
            database: harness.database,
            cost: 4,
            now: harness.clock.now
        )
    }

    struct Problem: Decodable {
        var code: String
        var detail: String
    }

    static func problem(_ response: TestResponse) throws -> Problem {
        try JSONDecoder().decode(Problem.self, from: Data(response.body.readableBytesView))
    }

    @Test("the right password signs in at acr pwd with a new session; the session's event says pwd")
    func signIn() async throws {
        try await CeremonyHarness.run { harness, client in
            try await Self.legacyAccount(harness)
            var browser = Browser(client: client)
            let response = try await browser.post("/auth/password", json: ["username": "GRACE", "password": Self.password])
            #expect(response.status == .ok)
            let body = try Browser.decode(CeremonyEndpointTests.SignedIn.self, response)
            #expect(body.acr == "pwd")
            #expect(body.redirect == "/app/")
            #expect(response.headers[.setCookie]?.contains("HttpOnly") == true)
            let events = try await harness.database.writer.read { db in try String.fetchAll(db, sql: "SELECT acr || amr FROM sessionEvent") }
            #expect(events == [#"pwd["pwd"]"#])
        }
    }

    @Test("a wrong password, an unknown account and an account without a password get one identical answer, and nothing is stored")
    func genericRefusal() async throws {
        try await CeremonyHarness.run { harness, client in
            try await Self.legacyAccount(harness)
            var browser = Browser(client: client)
            var synced = CeremonyEndpointTests.synced()
            #expect(try await browser.signUp("ada", with: &synced).status == .created)
            var stranger = Browser(client: client)
            let before = try harness.snapshot()
            var answers: [String] = []
            for (username, password) in [("grace", "wrong password!"), ("nobody", Self.password), ("ada", Self.password), ("grace", "")] {
                let response = try await stranger.post("/auth/password", json: ["username": username, "password": password])
                #expect(response.status == .unauthorized)
                #expect(response.headers[.setCookie] == nil)
                let problem = try Self.problem(response)
                #expect(problem.code == "password-rejected")
                answers.append(problem.detail)
            }
            #expect(Set(answers).count == 1)
            #expect(try harness.snapshot() == before)
        }
    }

    @Test(
        "hostile bodies are refused with a problem code",
        arguments: [
            (#"{"username":"grace"}"#, "malformed-request"),
            (#"{"username":1,"password":"x"}"#, "malformed-request"),
            ("not json", "malformed-request"),
            (#"{"username":"grace","password":"\#(String(repeating: "p", count: 2000))"}"#, "password-rejected"),
            (#"{"username":"\#(String(repeating: "g", count: 300))","password":"x"}"#, "password-rejected"),
            (#"{"username":"grace","password":"\#(PasswordSignInTests.password)\#(String(repeating: "!", count: 60))"}"#, "password-rejected"),
        ]
    )
    func hostile(body: String, code: String) async throws {
        try await CeremonyHarness.run { harness, client in
            try await Self.legacyAccount(harness)
            var browser = Browser(client: client)
            let before = try harness.snapshot()
            let response = try await browser.post("/auth/password", body: body)
            #expect(try Self.problem(response).code == code)
            #expect(try harness.snapshot() == before)
        }
    }

    @Test("after the configured failed attempts the account's password pauses with Retry-After, even for the right password; it comes back")
    func accountLimit() async throws {
        try await CeremonyHarness.run(configure: { $0.abuse.passwordFailuresPerAccount = RateLimit(count: 3, window: .seconds(60)) }) {
            harness,
            client in
            try await Self.legacyAccount(harness)
            var browser = Browser(client: client)
            for _ in 0..<3 {
                #expect(try await browser.post("/auth/password", json: ["username": "grace", "password": "guess guess"]).status == .unauthorized)
            }
            let paused = try await browser.post("/auth/password", json: ["username": "grace", "password": Self.password])
            #expect(paused.status == .tooManyRequests)
            #expect(try Self.problem(paused).code == "rate-limited")
            let retryAfter = try #require(paused.headers[.retryAfter].flatMap { Int($0) })
            #expect((1...20).contains(retryAfter))
            // An account nobody has is paused alike: the pause does not tell who exists.
            for _ in 0..<3 { _ = try await browser.post("/auth/password", json: ["username": "ghost", "password": "guess guess"]) }
            #expect(try await browser.post("/auth/password", json: ["username": "ghost", "password": "x"]).status == .tooManyRequests)
            harness.clock.advance(Double(retryAfter))
            #expect(try await browser.post("/auth/password", json: ["username": "grace", "password": Self.password]).status == .ok)
        }
    }

    @Test("a password cannot answer a request for a passkey level")
    func passwordCannotMeetPasskeyLevel() async throws {
        try await CeremonyHarness.run { harness, client in
            try await Self.legacyAccount(harness)
            var browser = Browser(client: client)
            let start = try await browser.get(OAuthFlow.authorizePath([("acr_values", "phr")]))
            let startLocation = try #require(start.headers[.location])
            let requestID = try #require(OAuthFlow.query(startLocation)["request"])
            let response = try await browser.post(
                "/auth/password",
                json: ["username": "grace", "password": Self.password, "request": requestID]
            )
            #expect(try Self.problem(response).code == "insufficient-assurance")
            // Without a level, the same request resumes into authorize and yields a code at acr pwd.
            let plain = try await browser.get(OAuthFlow.authorizePath())
            let plainLocation = try #require(plain.headers[.location])
            let plainID = try #require(OAuthFlow.query(plainLocation)["request"])
            let signedIn = try await browser.post("/auth/password", json: ["username": "grace", "password": Self.password, "request": plainID])
            let redirect = try #require(try Browser.decode(CeremonyEndpointTests.SignedIn.self, signedIn).redirect)
            let code = try OAuthFlow.item("code", in: try await browser.get(redirect))
            let tokens = try Browser.decode(OAuthFlow.Tokens.self, try await OAuthCodeFlowTests.exchange(browser, code: code))
            let access = try await OAuthFlow.verify(tokens.access_token, jwks: String(buffer: try await browser.get("/oauth2/jwks").body))
            #expect(access.claims.acr == "pwd")
            #expect(access.claims.amr == ["pwd"])
        }
    }

    @Test("a client address over its limit gets 429 with Retry-After on ceremony endpoints, while pages still load")
    func addressLimit() async throws {
        try await CeremonyHarness.run(configure: { $0.abuse.perAddress = RateLimit(count: 5, window: .seconds(60)) }) { harness, client in
            var browser = Browser(client: client)
            for _ in 0..<5 {
                #expect(try await browser.post("/webauthn/authentication/options", json: [String: String]()).status == .ok)
            }
            let limited = try await browser.post("/webauthn/authentication/options", json: [String: String]())
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] == "12")
            #expect(try Self.problem(limited).code == "rate-limited")
            #expect(try await browser.post("/auth/password", json: ["username": "a", "password": "b"]).status == .tooManyRequests)
            #expect(try await browser.get("/signin/").status == .ok)
            harness.clock.advance(12)
            #expect(try await browser.post("/webauthn/authentication/options", json: [String: String]()).status == .ok)
        }
    }

    @Test("passkey prompts for one named account are limited, for known and unknown names alike")
    func accountCeremonyLimit() async throws {
        try await CeremonyHarness.run(configure: { $0.abuse.ceremoniesPerAccount = RateLimit(count: 2, window: .seconds(900)) }) { _, client in
            var holder = Browser(client: client)
            var synced = CeremonyEndpointTests.synced()
            #expect(try await holder.signUp("ada", with: &synced).status == .created)
            var browser = Browser(client: client)
            for name in ["ada", "nobody-here"] {
                for _ in 0..<2 {
                    #expect(try await browser.post("/webauthn/authentication/options", json: ["username": name]).status == .ok)
                }
                let limited = try await browser.post("/webauthn/authentication/options", json: ["username": name])
                #expect(limited.status == .tooManyRequests)
            }
            // Autofill (no name) is not an account's prompt.
            #expect(try await browser.post("/webauthn/authentication/options", json: [String: String]()).status == .ok)
            // The signed-in holder is never limited by what a stranger spent on her name.
            #expect(try await holder.post("/webauthn/authentication/options", json: ["username": "ada"]).status == .ok)
        }
    }

    @Test("rate limits parse COUNT/WINDOW and refuse what is out of range", arguments: ["0/1m", "5", "5/0s", "5/2d", "x/1m", "5/1m/2", "1000001/1h"])
    func badLimits(text: String) {
        #expect(RateLimit(text) == nil)
    }

    @Test("rate limits print as they parse")
    func goodLimits() {
        #expect(RateLimit("120/1m") == RateLimit(count: 120, window: .seconds(60)))
        #expect(RateLimit("10/15m")?.description == "10/15m")
        #expect(RateLimit("3/90")?.description == "3/90s")
        #expect(RateLimit("100/1h")?.window == .seconds(3600))
    }
}
