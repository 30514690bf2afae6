import Foundation
import OpenIDProvider
import Storage

/// Loads the installation's signing keys into the token signer the first time one is needed,
/// generating and persisting an ES256 key when the database has none (DESIGN.md: signing keys are
/// generated on first start and persisted).
actor SigningKeyLoader {
    let database: AppDatabase
    let signer: TokenSigner
    let now: @Sendable () -> Date
    private var loaded = false

    init(database: AppDatabase, signer: TokenSigner, now: @escaping @Sendable () -> Date) {
        self.database = database
        self.signer = signer
        self.now = now
    }

    /// The signer with every stored key.
    ///
    /// - Throws: `server_error` when the keys cannot be read, generated or parsed.
    func ready() async throws(OAuthError) -> TokenSigner {
        if loaded { return signer }
        do {
            var records = try database.signingKeys()
            if records.isEmpty {
                var generator = SystemRandomNumberGenerator()
                let key = try SigningKey.generate(.es256, now: now(), using: &generator)
                records = try database.insertSigningKeyIfNone(
                    SigningKeyRecord(
                        kid: key.kid,
                        algorithm: key.algorithm.rawValue,
                        privateKeyPEM: key.privateKeyPEM,
                        createdAt: key.createdAt
                    )
                )
            }
            var keys: [SigningKey] = []
            for record in records {
                guard let algorithm = SigningKey.Algorithm(rawValue: record.algorithm) else { throw OAuthError.serverError }
                keys.append(
                    try SigningKey(
                        algorithm: algorithm,
                        privateKeyPEM: record.privateKeyPEM,
                        createdAt: record.createdAt,
                        retiredAt: record.retiredAt
                    )
                )
            }
            try await signer.replaceKeys(with: keys)
        } catch let error as OAuthError {
            throw error
        } catch {
            throw OAuthError.serverError
        }
        loaded = true
        return signer
    }
}
