import Banking
import Foundation
import Hummingbird
import Logging
import OpenIDProvider
import Storage

/// `POST /auth/password` `{"username", "password", "request"?}`: the legacy password sign-in for
/// accounts that still have one (DESIGN.md flow 2, "Try another way"). It gives `acr` `pwd`, so
/// it never satisfies a request for a passkey level.
struct PasswordController: Sendable {
    let environment: CeremonyEnvironment
    let sessions: SessionCookies

    func addRoutes(to router: some RouterMethods<PassbankRequestContext>) {
        router.post("/auth/password") { request, context in
            try await environment.auditingRefusal(.signIn, context: context) { try await signIn(request, context: context) }
        }
    }

    struct SignInRequest: Decodable {
        var username: String
        var password: String
        var request: String?
    }

    /// One answer for every wrong username, wrong password and account without a password, so
    /// the endpoint does not tell who has an account here.
    static let rejected = Problem(
        code: "password-rejected",
        detail: "That username and password don't match an account that signs in with a password. Check them, or sign in with a passkey."
    )

    func signIn(_ request: Request, context: PassbankRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(SignInRequest.self, context: context)
        let now = environment.now()
        let username = Username.key(body.username)
        guard (1...64).contains(username.count), username.utf8.count <= 256, body.password.utf8.count <= 1024 else {
            throw Self.rejected
        }
        // Failed attempts per account and address, counted for names that exist and names that don't
        // alike, under the name's canonical key (every spelling shares it).
        let accountKey = AbuseLimiters.accountKey("name:" + username, address: context.clientAddress)
        if let seconds = environment.limiters.passwordFailuresPerAccount.check(accountKey, now: now) {
            context.logger.notice("password attempts limited", metadata: ["client": .string(context.clientAddress)])
            throw Problem.rateLimited(retryAfter: seconds)
        }
        let pending = try body.request.map { try PendingAuthorization.load(id: $0, database: environment.database, now: now) }
        let user = try stored { try environment.database.user(username: username) }
        let matches = try await LegacyPassword.verify(body.password, hash: user?.passwordHash ?? LegacyPassword.decoyHash)
        guard let user, user.passwordHash != nil, matches else {
            _ = environment.limiters.passwordFailuresPerAccount.take(accountKey, now: now)
            throw Self.rejected
        }
        environment.limiters.passwordFailuresPerAccount.reset(accountKey)
        if let pending {
            // A request for a passkey level (acr phr or phrh) cannot be met with a password, and a
            // request that names someone (login_hint, step-up) is only for that person.
            if let minimum = pending.request.acrRequirement.minimum, minimum > .pwd {
                throw Problem(
                    code: "insufficient-assurance",
                    detail: "This sign-in needs a passkey. Sign in with your passkey, or create one after signing in."
                )
            }
            if let subject = pending.record.subjectUserID, subject != user.id { throw Self.rejected }
        }
        // RFC 8176 §2: "pwd"
        let event = SessionEventRecord(sessionID: "", credentialID: nil, acr: "pwd", amr: #"["pwd"]"#, authTime: now)
        try environment.audit(.signIn, userID: user.id, detail: ["acr": "pwd", "method": "password"], context: context)
        let redirect = pending.map { PendingAuthorization.resumeLocation(id: $0.record.id) } ?? "/app/"
        var response = try JSONResponse.make(AuthenticationVerifyResponse(acr: "pwd", amr: ["pwd"], username: user.username, redirect: redirect))
        response.setCookie(try sessions.start(userID: user.id, event: event, request: request, context: context, now: now))
        return response
    }
}
