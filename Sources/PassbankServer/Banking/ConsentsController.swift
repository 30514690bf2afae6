import Foundation
import Hummingbird
import OpenIDProvider
import Storage

/// `GET /api/consents` and `DELETE /api/consents/{clientId}`: the other apps a person has let use
/// their account (OIDC Core §3.1.2.4), and taking that back, which also revokes the tokens the app
/// holds. Only the bank's own apps may do either: a third party never sees or changes what the
/// person gave other apps.
struct ConsentsController: Sendable {
    let environment: BankingEnvironment

    struct Consent: Encodable {
        struct Client: Encodable {
            var id: String
            var name: String
        }
        var client: Client
        var scopes: [String]
        var grantedAt: Date
    }

    struct Consents: Encodable { var consents: [Consent] }

    func addRoutes(to router: some RouterMethods<PassbankRequestContext>) {
        router.get("consents") { request, _ in try await list(request) }
        router.delete("consents/{clientId}") { request, context in try await withdraw(request, context: context) }
    }

    func list(_ request: Request) async throws -> Response {
        let customer = try await firstPartyCustomer(request)
        let records = try environment.refusing { try environment.database.consents(userID: customer.user.id) }
        let consents = records.map { record in
            Consent(
                client: .init(id: record.clientID, name: environment.clients.client(id: record.clientID)?.name ?? record.clientID),
                scopes: record.scopeSet.sorted(),
                grantedAt: record.grantedAt
            )
        }
        return try JSONResponse.make(Consents(consents: consents))
    }

    func withdraw(_ request: Request, context: PassbankRequestContext) async throws -> Response {
        let customer = try await firstPartyCustomer(request)
        guard let clientID = context.parameters.get("clientId"), (1...64).contains(clientID.count) else {
            throw Problem(code: "consent-not-found", detail: "You have not given that app access.")
        }
        let now = environment.now()
        try environment.refusing {
            try environment.database.withdrawConsent(
                userID: customer.user.id,
                clientID: clientID,
                audit: AuditEventRecord(
                    at: now,
                    userID: customer.user.id,
                    kind: .consentWithdrawn,
                    outcome: .ok,
                    detail: ["client": clientID],
                    address: context.clientAddress
                )
            )
        }
        var response = Response(status: .noContent)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// The person behind a token of one of the bank's own apps (any scope).
    /// - Throws: `Problem` `first-party-only` (403) for a third-party client's token, and what
    ///   `customer(_:scope:)` throws.
    func firstPartyCustomer(_ request: Request) async throws -> Customer {
        let customer = try await environment.customer(request, scope: Scope.openid)
        guard environment.clients.client(id: customer.claims.client_id)?.isFirstParty == true else {
            throw Problem(code: "first-party-only", detail: "Only Passbank’s own apps can show or withdraw the access you gave other apps.")
        }
        return customer
    }
}
