import Banking
import FIDOMetadata
import Foundation
import HTTPTypes
import Hummingbird
import OpenIDProvider
import Storage

/// What the banking API shares: the database, the provider's signing keys (the API is the
/// provider's own resource server), the clients (for CORS), the risk settings and the clock.
struct BankingEnvironment: Sendable {
    let database: AppDatabase
    let configuration: ServerConfiguration
    let keys: SigningKeyLoader
    let clients: ClientRegistry
    let now: @Sendable () -> Date

    init(oauth: OAuthEnvironment) {
        database = oauth.database
        configuration = oauth.configuration
        keys = oauth.keys
        clients = oauth.clients
        // Whole seconds: what the API answers at once and what it reads back later are the same
        // instant (the database keeps milliseconds, JSON dates keep seconds).
        let clock = oauth.now
        now = { Date(timeIntervalSince1970: clock().timeIntervalSince1970.rounded(.down)) }
    }

    var settings: RiskSettings { configuration.risk }

    /// Whether a browser page on `origin` may call the API: the bank's own pages and every
    /// registered client's web origins.
    func allowsOrigin(_ origin: String) -> Bool {
        origin == configuration.origin || clients.all.contains { $0.allowsWebOrigin(origin) }
    }

    /// Runs a banking or storage step, turning a refusal into the problem with the same code.
    func refusing<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as BankingError {
            throw Problem(code: error.code, detail: error.reason)
        } catch let error as StorageError {
            guard ProblemCatalog.entries[error.code] != nil, error.code != "internal-error" else {
                throw Problem(code: "service-unavailable", detail: "The bank could not complete this just now. Try again in a moment.")
            }
            throw Problem(code: error.code, detail: error.reason)
        }
    }

    /// Writes an audit event; a failure to write one is logged by the caller's problem, never hidden.
    func audit(_ event: AuditEventRecord) throws {
        try refusing { try database.recordAudit(event) }
    }
}

extension BankingEnvironment {
    /// Runs a high-risk change for `customer`; a refusal (other than the step-up challenge, which
    /// `authorize` records) is written to the audit log with its code, then rethrown.
    func auditingRefusal<T>(
        _ kind: AuditEventRecord.Kind,
        for customer: Customer,
        context: PassbankRequestContext,
        _ body: () async throws -> T
    ) async throws -> T {
        do {
            return try await body()
        } catch let problem as Problem where problem.code != "step-up-required" {
            try? audit(
                AuditEventRecord(
                    at: now(),
                    userID: customer.user.id,
                    kind: kind,
                    outcome: .refused,
                    detail: ["code": problem.code],
                    address: context.clientAddress
                )
            )
            throw problem
        }
    }
}
