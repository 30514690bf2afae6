import Banking
import Foundation
import Hummingbird
import OpenIDProvider
import Storage

/// `GET /api/payees` and `POST /api/payees` (adding one is high-risk: step-up first).
struct PayeesController: Sendable {
    let environment: BankingEnvironment

    struct Body: Decodable {
        var name: String?
        var number: String?
    }

    func addRoutes(to router: some RouterMethods<PassbankRequestContext>) {
        router.get("payees") { request, _ in try await list(request) }
        router.post("payees") { request, context in try await add(request, context: context) }
    }

    func list(_ request: Request) async throws -> Response {
        let customer = try await environment.customer(request, scope: BankingScope.accounts)
        let payees = try environment.refusing { try environment.database.payees(userID: customer.user.id) }
        return try JSONResponse.make(BankingWire.Payees(payees: payees.map(BankingWire.Payee.init)))
    }

    func add(_ request: Request, context: PassbankRequestContext) async throws -> Response {
        let customer = try await environment.customer(request, scope: BankingScope.payments)
        return try await environment.auditingRefusal(.payeeAdded, for: customer, context: context) {
            try await add(request, context: context, customer: customer)
        }
    }

    func add(_ request: Request, context: PassbankRequestContext, customer: Customer) async throws -> Response {
        let body = try await request.decodeJSON(Body.self, context: context, allowingOrigin: environment.allowsOrigin)
        let (name, number) = try environment.refusing {
            let name = try DisplayText.validate(body.name, maxLength: 70, required: true, code: "payee-name-invalid", what: "the payee’s name")
            guard let text = body.number, text.utf8.count <= 64 else {
                throw BankingError(code: "account-number-invalid", reason: "Enter the payee’s account number.")
            }
            return (name, try AccountNumber(parsing: text))
        }
        try environment.authorize(.addPayee, for: customer, address: context.clientAddress)
        let now = environment.now()
        let payee = try environment.refusing {
            try environment.database.addPayee(
                userID: customer.user.id,
                name: name,
                number: number,
                now: now,
                audit: AuditEventRecord(
                    at: now,
                    userID: customer.user.id,
                    kind: .payeeAdded,
                    outcome: .ok,
                    detail: ["name": name, "acr": customer.claims.acr],
                    address: context.clientAddress
                )
            )
        }
        return try JSONResponse.make(BankingWire.OnePayee(payee: .init(payee)), status: .created)
    }
}
