import Banking
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OpenIDProvider
import Storage

/// `POST /api/transfers`: moves money once per `Idempotency-Key`, after the risk policy agreed.
struct TransfersController: Sendable {
    let environment: BankingEnvironment

    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let replayed = HTTPField.Name("Idempotent-Replayed")!

    struct Body: Decodable {
        struct Amount: Decodable {
            var amount: LooseString?
            var currency: LooseString?
        }

        var fromAccountId: String?
        var toAccountId: String?
        var payeeId: String?
        var amount: Amount?
        var reference: String?
    }

    func addRoutes(to router: some RouterMethods<PassbankRequestContext>) {
        router.post("transfers") { request, context in try await create(request, context: context) }
    }

    func create(_ request: Request, context: PassbankRequestContext) async throws -> Response {
        let customer = try await environment.customer(request, scope: BankingScope.payments)
        let key = try Self.key(request)
        let body = try await request.decodeJSON(Body.self, context: context, allowingOrigin: environment.allowsOrigin)
        let instruction = try environment.refusing {
            try TransferInstruction(
                fromAccountID: body.fromAccountId,
                toAccountID: body.toAccountId,
                payeeID: body.payeeId,
                amount: body.amount?.amount?.string,
                currency: body.amount?.currency?.string,
                reference: body.reference
            )
        }
        let origin = context.origin
        let requestID = context.requestID
        let settings = environment.settings
        let now = environment.now()
        let authentication = customer.authentication
        var operation = RiskPolicy.Operation.transfer(instruction.amount)
        var decision = RiskPolicy.Decision.allow
        let stored = try environment.refusing {
            try environment.database.executeTransfer(
                userID: customer.user.id,
                idempotencyKey: key,
                instruction: instruction,
                limits: TransferLimits(dailyLimit: settings.dailyLimit, cumulativeWindow: TimeInterval(settings.cumulativeWindow)),
                now: now,
                address: context.clientAddress,
                gate: { sentRecently in
                    if let sentRecently { operation = .payment(instruction.amount, sentRecently: sentRecently) }
                    decision = RiskPolicy.decide(operation, by: authentication, now: now, settings: settings)
                    guard decision == .allow else { return .stop }
                    return .proceed(confirmedWithStepUp: RiskPolicy.isFreshHighAssurance(authentication, now: now, settings: settings))
                }
            ) { outcome in
                switch outcome {
                case .completed(let transfer):
                    let body = try JSONResponse.encoder().encode(BankingWire.OneTransfer(transfer: .init(transfer)))
                    return StoredAnswer(status: 201, body: body)
                case .refused(let error):
                    let problem = Problem(code: error.code, detail: error.reason)
                    return StoredAnswer(status: Int(problem.status.code), body: problem.body(origin: origin, instance: requestID))
                }
            }
        }
        guard let answer = stored else {
            // The risk policy stopped it after the stored facts agreed: challenge (RFC 9470) or
            // refuse. Nothing was stored, so the retry after step-up moves the money once.
            try environment.enforce(decision, on: operation, for: customer, address: context.clientAddress)
            throw Problem(code: "service-unavailable", detail: "The bank could not complete this just now. Try again in a moment.")
        }
        var headers = HTTPFields()
        headers[.contentType] = answer.status >= 400 ? "application/problem+json" : "application/json"
        headers[.cacheControl] = "no-store"
        if answer.replayed { headers[Self.replayed] = "true" }
        return Response(
            status: HTTPResponse.Status(code: answer.status),
            headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: answer.body))
        )
    }

    /// The `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header §2): a structured-field
    /// string, or the bare text clients commonly send; 1 to 128 visible ASCII characters.
    static func key(_ request: Request) throws -> String {
        let values = request.headers[values: idempotencyKey]
        guard let raw = values.first else {
            throw Problem(
                code: "idempotency-key-missing",
                detail: "Send an Idempotency-Key header with a new random value for each transfer, and the same value when you retry it."
            )
        }
        var key = raw.trimmingCharacters(in: .whitespaces)
        if key.count >= 2, key.hasPrefix("\""), key.hasSuffix("\"") { key = String(key.dropFirst().dropLast()) }
        guard values.count == 1, (1...128).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) && $0 != 0x22 && $0 != 0x5C })
        else {
            throw Problem(code: "idempotency-key-invalid", detail: "The Idempotency-Key must be 1 to 128 visible ASCII characters, sent once.")
        }
        return key
    }
}
