import Foundation
import Hummingbird
import Storage

/// The provider session behind an HttpOnly, SameSite=Lax cookie (Secure, with the `__Host-`
/// prefix, under TLS). The cookie holds a random secret; the database holds only its hash.
struct SessionCookies: Sendable {
    let database: AppDatabase
    let settings: SessionSettings

    static func name(secure: Bool) -> String { secure ? "__Host-passbank-session" : "passbank-session" }

    /// The signed-in session of this request, if any, with its authentication events (newest first).
    func current(
        _ request: Request,
        context: PassbankRequestContext,
        now: Date
    ) throws -> (
        session: SessionRecord, events: [SessionEventRecord]
    )? {
        guard let secret = request.cookies[Self.name(secure: context.isSecure)]?.value, secret.utf8.count <= 128 else { return nil }
        do {
            return try database.activeSession(
                id: CeremonyEnvironment.hash(secret),
                now: now,
                idleTimeout: settings.idleTimeout.timeInterval
            )
        } catch {
            throw CeremonyEnvironment.problem(error)
        }
    }

    /// Starts a new session for `userID` (a new id at every sign-in and step-up), replacing the
    /// request's previous one, and returns the cookie to set.
    func start(
        userID: String,
        event: SessionEventRecord,
        request: Request,
        context: PassbankRequestContext,
        now: Date
    ) throws -> Cookie {
        let secret = CeremonyEnvironment.randomToken()
        let previous = (request.cookies[Self.name(secure: context.isSecure)]?.value).map(CeremonyEnvironment.hash)
        let session = SessionRecord(
            id: CeremonyEnvironment.hash(secret),
            userID: userID,
            createdAt: now,
            lastSeenAt: now,
            idleExpiresAt: now.addingTimeInterval(settings.idleTimeout.timeInterval),
            absoluteExpiresAt: now.addingTimeInterval(settings.absoluteLifetime.timeInterval)
        )
        do {
            try database.startSession(session, event: event, replacing: previous)
        } catch {
            throw CeremonyEnvironment.problem(error)
        }
        return Cookie(
            name: Self.name(secure: context.isSecure),
            value: secret,
            maxAge: Int(settings.absoluteLifetime.timeInterval),
            path: "/",
            secure: context.isSecure,
            httpOnly: true,
            sameSite: .lax
        )
    }
}
