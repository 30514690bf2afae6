import Foundation
import Hummingbird
import OpenIDProvider
import Storage

/// The consent page's endpoints (OIDC Core §3.1.2.4): `GET /auth/consent?request=<id>` tells the
/// signed-in person which client asks for what, and `POST /auth/consent` `{"request", "decision"}`
/// records their answer and sends the page back into `/oauth2/authorize`, which issues the code
/// (approved) or redirects `access_denied` to the client (denied). Only the person
/// `/oauth2/authorize` asked may read or answer the question.
struct ConsentController: Sendable {
    let environment: OAuthEnvironment

    struct Question: Encodable {
        struct Client: Encodable {
            var id: String
            var name: String
        }
        struct Account: Encodable {
            var username: String
            var displayName: String
        }
        var client: Client
        /// The scopes the client asks for, in the request's order.
        var scopes: [String]
        /// The signed-in person who is asked.
        var account: Account
    }

    struct Answer: Decodable {
        enum Decision: String, Decodable {
            case approve
            case deny
        }
        var request: String
        var decision: Decision
    }

    struct Next: Encodable {
        var redirect: String
    }

    func addRoutes(to router: some RouterMethods<PassbankRequestContext>) {
        router.get("/auth/consent") { request, context in try await question(request, context: context) }
        router.post("/auth/consent") { request, context in try await answer(request, context: context) }
    }

    func question(_ request: Request, context: PassbankRequestContext) async throws -> Response {
        let ids = request.uri.queryParameters.getAll("request")
        guard ids.count == 1, let id = ids.first else {
            throw Problem(code: "malformed-request", detail: "Send the id of the request as one request parameter.")
        }
        let (pending, client, userID) = try open(id: String(id), request: request, context: context)
        guard let user = try stored({ try environment.database.user(id: userID) }) else { throw Self.unknown }
        return try JSONResponse.make(
            Question(
                client: .init(id: client.id, name: client.name),
                scopes: pending.request.scopes,
                account: .init(username: user.username, displayName: user.displayName)
            )
        )
    }

    func answer(_ request: Request, context: PassbankRequestContext) async throws -> Response {
        // Same origin only: another site cannot answer for the person (decodeJSON checks Origin).
        let body = try await request.decodeJSON(Answer.self, context: context)
        let approved = body.decision == .approve
        let kind: AuditEventRecord.Kind = approved ? .consentGiven : .consentDenied
        let now = environment.now()
        do {
            let (pending, client, userID) = try open(id: body.request, request: request, context: context)
            let scopes = pending.request.scopes
            try Self.consentProblem { () throws(StorageError) in
                try environment.database.answerConsent(
                    requestID: pending.record.id,
                    userID: userID,
                    decision: approved ? .approved : .denied,
                    clientID: client.id,
                    scopes: scopes,
                    now: now,
                    audit: AuditEventRecord(
                        at: now,
                        userID: userID,
                        kind: kind,
                        outcome: .ok,
                        detail: ["client": client.id, "scopes": scopes.joined(separator: " ")],
                        address: context.clientAddress
                    )
                )
            }
            return try JSONResponse.make(Next(redirect: PendingAuthorization.resumeLocation(id: pending.record.id)))
        } catch let problem as Problem {
            // A refused answer is a security event too (someone else's request, a stale page).
            let userID = try? environment.sessions.current(request, context: context, now: now)?.session.userID
            try? environment.database.recordAudit(
                AuditEventRecord(
                    at: now,
                    userID: userID ?? nil,
                    kind: kind,
                    outcome: .refused,
                    detail: ["code": problem.code],
                    address: context.clientAddress
                )
            )
            throw problem
        }
    }

    /// The pending request `id`, its client and the signed-in person, when that person is the one
    /// `/oauth2/authorize` asked to consent to it.
    /// - Throws: `Problem` `sign-in-required`, `authorization-request-unknown`, `consent-other-account`.
    func open(id: String, request: Request, context: PassbankRequestContext) throws -> (PendingAuthorization, OAuthClient, String) {
        let now = environment.now()
        guard let userID = try environment.sessions.current(request, context: context, now: now)?.session.userID else {
            throw Problem(code: "sign-in-required", detail: "Sign in to answer this request. Go back to the app and start again.")
        }
        let pending = try PendingAuthorization.load(id: id, database: environment.database, now: now)
        guard let asked = pending.record.consentUserID, pending.record.consentDecision == nil,
            let client = environment.clients.client(id: pending.request.clientID)
        else { throw Self.unknown }
        guard asked == userID else { throw Self.otherAccount }
        return (pending, client, userID)
    }

    static let unknown = Problem(
        code: "authorization-request-unknown",
        detail: "This request has expired or was already answered. Go back to the app and start again."
    )

    static let otherAccount = Problem(
        code: "consent-other-account",
        detail: "This request was made for a different Passbank account than the one signed in now."
    )

    static func consentProblem(_ body: () throws(StorageError) -> Void) throws {
        do {
            try body()
        } catch {
            switch error.code {
            case "authorization-request-unknown": throw unknown
            case "consent-other-account": throw otherAccount
            default: throw CeremonyEnvironment.problem(error)
            }
        }
    }
}
