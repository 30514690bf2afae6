import FIDOMetadata
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PassbankServer
import Storage
import Testing
import WebAuthn
import WebAuthnTestSupport

/// A customer of the bank as the web client is: a browser session, a passkey, and access tokens
/// obtained through the real code flow (docs/banking-api.md).
struct BankCustomer {
    static let scope = "openid profile offline_access accounts payments passkeys"

    var browser: Browser
    var passkey: SoftwareAuthenticator
    var securityKey: OAuthFlow.SecurityKey?
    var token: String
    var accounts: [Account] = []

    struct Account: Decodable, Equatable {
        var id: String
        var name: String
        var number: String
        var balance: Money
    }

    struct Money: Codable, Equatable {
        var amount: String
        var currency: String
    }

    /// Signs up with a synced passkey, then gets a `phr` token for the web client.
    static func signUp(_ username: String, seed: UInt64, client: any TestClientProtocol) async throws -> BankCustomer {
        var browser = Browser(client: client)
        var passkey = CeremonyEndpointTests.synced(seed: seed)
        let signUp = try await browser.signUp(username, with: &passkey)
        try #require(signUp.status == .created)
        var customer = BankCustomer(browser: browser, passkey: passkey, token: "")
        customer.token = try await customer.authorize()
        customer.accounts = try await customer.fetchAccounts()
        return customer
    }

    /// The code flow from the signed-in session; `extra` adds `acr_values`/`max_age`.
    mutating func authorize(_ extra: [(String, String)] = [], scope: String = BankCustomer.scope) async throws -> String {
        try await authorizeTokens(extra, scope: scope).access_token
    }

    /// `POST /oauth2/token` with the `refresh_token` grant.
    func refresh(_ refreshToken: String) async throws -> TestResponse {
        try await browser.form(
            "/oauth2/token",
            [("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("client_id", "passbank-web")]
        )
    }

    /// The code flow, answering with the whole token response (refresh token included).
    mutating func authorizeTokens(_ extra: [(String, String)] = [], scope: String = BankCustomer.scope) async throws -> OAuthFlow.Tokens {
        let start = try await browser.get(OAuthFlow.authorizePath(extra, scope: scope))
        let location = try #require(start.headers[.location])
        let code: String
        if location.hasPrefix("/step-up/?request=") {
            var key = try #require(securityKey)
            let requestID = try #require(OAuthFlow.query(location)["request"])
            let verify = try await browser.ceremony(request: requestID, with: &key.authenticator)
            securityKey = key
            try #require(verify.status == .ok, "step-up: \(String(buffer: verify.body))")
            code = try OAuthFlow.item("code", in: try await browser.get("/oauth2/authorize?request_id=" + requestID))
        } else {
            code = try #require(OAuthFlow.query(location)["code"], "\(location)")
        }
        let exchanged = try await OAuthCodeFlowTests.exchange(browser, code: code)
        try #require(exchanged.status == .ok)
        return try Browser.decode(OAuthFlow.Tokens.self, exchanged)
    }

    /// Adds the security key (from the `phr` session: it counts after the hold, 0 in these tests).
    mutating func addSecurityKey(_ key: OAuthFlow.SecurityKey) async throws {
        var key = key
        let added = try await browser.addSecurityKey(&key)
        try #require(added.status == .created)
        securityKey = key
    }

    /// A fresh `phrh` token: RFC 9470 step-up with the security key.
    mutating func stepUp() async throws -> String {
        try await authorize([("acr_values", "phrh"), ("max_age", "300")])
    }

    func fetchAccounts() async throws -> [Account] {
        struct Accounts: Decodable { var accounts: [Account] }
        let response = try await api(.get, "/api/accounts")
        try #require(response.status == .ok)
        return try Browser.decode(Accounts.self, response).accounts
    }

    /// A banking API call with this customer's token (or `token`).
    func api(
        _ method: HTTPRequest.Method,
        _ path: String,
        body: String? = nil,
        headers extra: HTTPFields = [:],
        token: String? = nil
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.authorization: "Bearer \(token ?? self.token)"]
        if body != nil {
            headers[.contentType] = "application/json"
            headers[.origin] = CeremonyHarness.origin
        }
        headers.append(contentsOf: extra)
        return try await browser.client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    /// `POST /api/transfers` with an `Idempotency-Key`.
    func transfer(_ body: String, key: String?, token: String? = nil) async throws -> TestResponse {
        var headers = HTTPFields()
        if let key { headers[HTTPField.Name("Idempotency-Key")!] = key }
        return try await api(.post, "/api/transfers", body: body, headers: headers, token: token)
    }

    /// A transfer body between accounts (or to `payee`), with `amount` spliced in as raw JSON.
    static func transferJSON(
        from: String,
        to: String? = nil,
        payee: String? = nil,
        amountJSON: String,
        currency: String = "EUR",
        reference: String? = nil
    )
        -> String
    {
        var fields = [#""fromAccountId":"\#(from)""#, #""amount":{"amount":\#(amountJSON),"currency":"\#(currency)"}"#]
        if let to { fields.append(#""toAccountId":"\#(to)""#) }
        if let payee { fields.append(#""payeeId":"\#(payee)""#) }
        if let reference { fields.append(#""reference":"\#(reference)""#) }
        return "{" + fields.joined(separator: ",") + "}"
    }
}

/// Runs banking tests on a router with a test clock, a new-key hold of 0 and the given anchors.
enum BankingHarness {
    static func run(
        anchors: [OperatorTrustAnchor] = [],
        database: AppDatabase? = nil,
        configure: @escaping (inout ServerConfiguration) -> Void = { _ in },
        _ body: @escaping @Sendable (CeremonyHarness, any TestClientProtocol) async throws -> Void
    ) async throws {
        try await CeremonyHarness.run(
            database: database,
            configure: { configuration in
                configuration.operatorAnchors = OperatorTrustAnchors(anchors: anchors)
                configuration.newKeyHold = .zero
                configure(&configuration)
            },
            body
        )
    }

    /// The ledger's tables as text: what "balances unchanged" compares.
    static func ledger(_ database: AppDatabase) throws -> String {
        try database.writer.read { db in
            try ["bankAccount", "transfer", "ledgerEntry", "payee"].map { table in
                try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\" ORDER BY rowid").map(\.description).joined(separator: "\n")
            }.joined(separator: "\n--\n")
        }
    }

    struct ProblemBody: Decodable {
        var code: String
        var status: Int
    }

    static func code(_ response: TestResponse) -> String? {
        try? JSONDecoder().decode(ProblemBody.self, from: Data(response.body.readableBytesView)).code
    }
}
