import Foundation
import OpenIDProvider
import Storage

/// What the provider endpoints share: the database, clients, the token signer, sessions and the clock.
struct OAuthEnvironment: Sendable {
    /// A pending authorization request waits this long for the person to sign in.
    static let pendingLifetime: TimeInterval = 600

    let database: AppDatabase
    let configuration: ServerConfiguration
    let clients: ClientRegistry
    let keys: SigningKeyLoader
    let sessions: SessionCookies
    let now: @Sendable () -> Date

    init(
        database: AppDatabase,
        configuration: ServerConfiguration,
        sessions: SessionCookies,
        now: @escaping @Sendable () -> Date,
        extraClients: [OAuthClient] = []
    ) {
        self.database = database
        self.configuration = configuration
        self.clients = ClientRegistry.standard(origin: configuration.origin, extraClients: configuration.deployment.clients + extraClients)
        self.keys = SigningKeyLoader(database: database, signer: TokenSigner(issuer: configuration.origin), now: now)
        self.sessions = sessions
        self.now = now
    }

    /// The issuer identifier: the configured origin (OIDC Discovery 1.0 §3).
    var issuer: String { configuration.origin }

    /// The `sid` of a provider session: a hash of the stored id, so the token never carries the key of the row.
    static func sessionIdentifier(_ session: SessionRecord) -> String {
        OpaqueToken.hash(session.id)
    }

    /// The provider session as the domain sees it: the subject and its events, oldest first.
    static func authenticationSession(_ current: (session: SessionRecord, events: [SessionEventRecord])) -> AuthenticationSession {
        let events = current.events.reversed().compactMap { event -> AuthenticationEvent? in
            guard let acr = AuthenticationContextClass(rawValue: event.acr) else { return nil }
            let amr = (try? JSONDecoder().decode([String].self, from: Data(event.amr.utf8))) ?? []
            return AuthenticationEvent(
                subject: current.session.userID,
                credentialID: event.credentialID.map { OAuthWire.base64URL(Array($0)) },
                acr: acr,
                amr: amr,
                authTime: event.authTime
            )
        }
        return AuthenticationSession(id: sessionIdentifier(current.session), subject: current.session.userID, events: events)
    }

    /// The account's passkeys that count for `phrh` now: hardware-protected and past the new-key hold.
    func highAssuranceCredentials(userID: String, now: Date) throws(StorageError) -> [CredentialRecord] {
        try Self.highAssuranceCredentials(database: database, userID: userID, now: now)
    }

    /// The account's passkeys that count for `phrh` at `now`.
    static func highAssuranceCredentials(database: AppDatabase, userID: String, now: Date) throws(StorageError) -> [CredentialRecord] {
        try database.credentials(userID: userID).filter { credential in
            credential.assurance == AuthenticationContextClass.phrh.rawValue && (credential.stepUpAfter ?? .distantPast) <= now
        }
    }
}
