public import Foundation
public import OpenIDProvider
public import Storage

/// `passbank keys`: the installation's token signing keys, listed and rotated.
public enum SigningKeyRotation {
    /// What the operator sees of a key.
    public struct Summary: Sendable {
        public let kid: String
        public let algorithm: String
        public let createdAt: Date
        public let retiredAt: Date?
    }

    /// The stored keys, oldest first.
    public static func summaries(in database: AppDatabase) throws -> [Summary] {
        try keys(in: database).map(summary)
    }

    /// Rotates to a new key of `algorithmName` (`ES256` or `RS256`).
    ///
    /// - Returns: `nil` for an unknown algorithm; else the new key and the keys now stored.
    public static func rotate(in database: AppDatabase, algorithmName: String, now: Date = Date()) throws -> (new: Summary, stored: [Summary])? {
        guard let algorithm = SigningKey.Algorithm(rawValue: algorithmName.uppercased()) else { return nil }
        let (newKey, stored) = try rotate(in: database, algorithm: algorithm, now: now)
        return (summary(newKey), stored.map(summary))
    }

    static func summary(_ key: SigningKey) -> Summary {
        Summary(kid: key.kid, algorithm: key.algorithm.rawValue, createdAt: key.createdAt, retiredAt: key.retiredAt)
    }

    static func keys(in database: AppDatabase) throws -> [SigningKey] {
        try database.signingKeys().map(signingKey)
    }

    /// Makes sure a current signing key of each algorithm exists (made on first start: ES256 signs
    /// by default; RS256 is there because OIDC Core §15.1 requires it for clients that ask), and
    /// returns the stored keys.
    @discardableResult
    public static func ensureKey(in database: AppDatabase, now: Date = Date()) throws -> [SigningKey] {
        var stored = try keys(in: database)
        for algorithm in SigningKey.Algorithm.allCases where !stored.contains(where: { $0.algorithm == algorithm && $0.retiredAt == nil }) {
            var generator = SystemRandomNumberGenerator()
            let key = try SigningKey.generate(algorithm, now: now, using: &generator)
            stored = try database.insertSigningKeyIfNoCurrent(record(key)).map(signingKey)
        }
        return stored
    }

    /// Retires the current key at `now`, adds a new `algorithm` key that signs from now on, and
    /// drops keys whose tokens have all expired. A running server picks the change up within
    /// `SigningKeyLoader.reloadInterval`; the retired key stays in the JWKS until its tokens expire.
    ///
    /// - Returns: the new key and the keys now stored.
    public static func rotate(
        in database: AppDatabase,
        algorithm: SigningKey.Algorithm,
        now: Date = Date()
    ) throws -> (new: SigningKey, stored: [SigningKey]) {
        var generator = SystemRandomNumberGenerator()
        let newKey = try SigningKey.generate(algorithm, now: now, using: &generator)
        let tokenLifetime = TokenSigner(issuer: "").tokenLifetime
        let rotated = SigningKey.rotate(try keys(in: database), adding: newKey, now: now, tokenLifetime: tokenLifetime)
        try database.replaceSigningKeys(with: rotated.map(record))
        return (newKey, rotated)
    }

    static func signingKey(_ record: SigningKeyRecord) throws -> SigningKey {
        guard let algorithm = SigningKey.Algorithm(rawValue: record.algorithm) else { throw OAuthError.serverError }
        return try SigningKey(algorithm: algorithm, privateKeyPEM: record.privateKeyPEM, createdAt: record.createdAt, retiredAt: record.retiredAt)
    }

    static func record(_ key: SigningKey) -> SigningKeyRecord {
        SigningKeyRecord(
            kid: key.kid,
            algorithm: key.algorithm.rawValue,
            privateKeyPEM: key.privateKeyPEM,
            createdAt: key.createdAt,
            retiredAt: key.retiredAt
        )
    }
}
