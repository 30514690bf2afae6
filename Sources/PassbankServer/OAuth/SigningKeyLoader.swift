import Foundation
import OpenIDProvider
import Storage

/// Loads the installation's signing keys into the token signer, generating and persisting an
/// ES256 key when the database has none (DESIGN.md: signing keys are generated on first start and
/// persisted). `passbank serve` calls it at start; afterwards it reads the stored keys again at most
/// every `reloadInterval`, so a `passbank keys rotate` reaches a running server without a restart.
actor SigningKeyLoader {
    /// How long a loaded key set is used before the database is asked again.
    static let reloadInterval: TimeInterval = 30

    let database: AppDatabase
    let signer: TokenSigner
    let now: @Sendable () -> Date
    private var loadedAt: Date?

    init(database: AppDatabase, signer: TokenSigner, now: @escaping @Sendable () -> Date) {
        self.database = database
        self.signer = signer
        self.now = now
    }

    /// The signer with every stored key.
    ///
    /// - Throws: `server_error` when the keys cannot be read, generated or parsed.
    func ready() async throws(OAuthError) -> TokenSigner {
        let now = now()
        if let loadedAt, now.timeIntervalSince(loadedAt) < Self.reloadInterval, now >= loadedAt { return signer }
        do {
            let keys = try SigningKeyRotation.ensureKey(in: database, now: now)
            try await signer.replaceKeys(with: keys)
        } catch let error as OAuthError {
            throw error
        } catch {
            throw OAuthError.serverError
        }
        loadedAt = now
        return signer
    }
}
