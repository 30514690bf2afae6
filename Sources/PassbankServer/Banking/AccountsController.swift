import Banking
import Foundation
import Hummingbird
import OpenIDProvider
import Storage
import WebAuthn

/// `GET /api/me`, `GET /api/accounts`, `GET /api/accounts/{id}/transactions`, `GET /api/transfers`.
struct AccountsController: Sendable {
    let environment: BankingEnvironment

    func addRoutes(to router: some RouterMethods<PassbankRequestContext>) {
        router.get("me") { request, context in try await me(request, context: context) }
        router.get("accounts") { request, _ in try await accounts(request) }
        router.get("accounts/{id}/transactions") { request, context in try await transactions(request, context: context) }
        router.get("transfers") { request, _ in try await transfers(request) }
    }

    func me(_ request: Request, context: PassbankRequestContext) async throws -> Response {
        let customer = try await environment.customer(request, scope: BankingScope.accounts)
        let settings = environment.settings
        let remaining = try environment.refusing {
            try environment.database.dailyRemaining(userID: customer.user.id, limit: settings.dailyLimit, now: environment.now())
        }
        return try JSONResponse.make(
            BankingWire.Me(
                id: customer.user.id,
                username: customer.user.username,
                displayName: customer.user.displayName,
                userHandle: Base64URL.encode(customer.user.userHandle),
                acr: customer.claims.acr,
                authTime: customer.authTime,
                stepUp: .init(threshold: .init(settings.stepUpThreshold), maxAge: settings.stepUpMaxAge),
                dailyLimit: .init(settings.dailyLimit),
                dailyRemaining: .init(remaining)
            )
        )
    }

    func accounts(_ request: Request) async throws -> Response {
        let customer = try await environment.customer(request, scope: BankingScope.accounts)
        let accounts = try environment.refusing { try environment.database.bankAccounts(userID: customer.user.id) }
        return try JSONResponse.make(BankingWire.Accounts(accounts: accounts.map(BankingWire.Account.init)))
    }

    func transactions(_ request: Request, context: PassbankRequestContext) async throws -> Response {
        let customer = try await environment.customer(request, scope: BankingScope.accounts)
        let id = context.parameters.get("id") ?? ""
        let limit = try Self.limit(request)
        let before = try Self.cursor(request)
        guard let account = try environment.refusing({ try environment.database.bankAccount(id: id, userID: customer.user.id) }) else {
            throw Problem(code: "account-not-found", detail: "No account of yours has that id.")
        }
        // One more than asked tells whether another page follows.
        let lines = try environment.refusing { try environment.database.ledgerLines(accountID: account.id, before: before, limit: limit + 1) }
        let page = Array(lines.prefix(limit))
        return try JSONResponse.make(
            BankingWire.Transactions(
                transactions: page.map { BankingWire.Transaction($0, currency: account.currency) },
                nextCursor: lines.count > limit ? page.last.map { Self.encodeCursor($0.id) } : nil
            )
        )
    }

    func transfers(_ request: Request) async throws -> Response {
        let customer = try await environment.customer(request, scope: BankingScope.accounts)
        let limit = try Self.limit(request)
        let records = try environment.refusing { try environment.database.transfers(userID: customer.user.id, limit: limit) }
        return try JSONResponse.make(BankingWire.Transfers(transfers: records.map(BankingWire.Transfer.init)))
    }

    /// `limit`: 1 to 100, 20 when absent, spelled as the server would write it (no sign, no leading zero,
    /// given once): a number with two spellings is a number two readers may take differently.
    static func limit(_ request: Request) throws -> Int {
        let given = request.uri.queryParameters.getAll("limit")
        guard let text = given.first else { return 20 }
        guard given.count == 1, let value = Int(text), (1...100).contains(value), String(value) == text else {
            throw Problem(code: "malformed-request", detail: "limit must be a whole number from 1 to 100.")
        }
        return value
    }

    /// The `cursor` query parameter, when given (once).
    static func cursor(_ request: Request) throws -> Int64? {
        let given = request.uri.queryParameters.getAll("cursor")
        guard let text = given.first else { return nil }
        guard given.count == 1 else { throw cursorInvalid }
        return try decodeCursor(String(text))
    }

    /// Cursors are opaque to clients: the base64url of the last entry's id on the page.
    static func encodeCursor(_ id: Int64) -> String { Base64URL.encode(Array("e\(id)".utf8)) }

    /// Only the exact text `encodeCursor` writes is accepted: padding, leftover bits, a sign, leading
    /// zeros or whitespace would give one entry several cursors, so the decoded id is encoded again
    /// and must give back the same text.
    static func decodeCursor(_ text: String) throws -> Int64 {
        guard text.utf8.count <= 32, let bytes = Base64URL.decode(text), bytes.first == UInt8(ascii: "e"),
            let id = Int64(String(decoding: bytes.dropFirst(), as: UTF8.self)), id > 0, encodeCursor(id) == text
        else { throw cursorInvalid }
        return id
    }

    static var cursorInvalid: Problem {
        Problem(code: "cursor-invalid", detail: "That page cursor was not handed out by this server. Start from the first page.")
    }
}
