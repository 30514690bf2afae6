public import Foundation

/// A token signing key as the database stores it: id, algorithm, dates and the private key PEM.
///
/// Rotation: the newest key that is not retired signs; a retired key stays published in the JWKS
/// (and accepted for verification) until every token it signed has expired.
public struct SigningKey: Sendable, Hashable, Codable {
    /// The JWS algorithms offered for tokens.
    public enum Algorithm: String, Sendable, Hashable, Codable, CaseIterable {
        /// ECDSA P-256 with SHA-256 (the default).
        case es256 = "ES256"
        /// RSASSA-PKCS1-v1_5 with SHA-256, 2048-bit keys.
        case rs256 = "RS256"
    }

    /// The key id (`kid`): the RFC 7638 JWK thumbprint of the public key.
    public var kid: String
    /// The algorithm the key signs with.
    public var algorithm: Algorithm
    /// When the key was created.
    public var createdAt: Date
    /// When the key stopped signing (a newer key took over), or `nil` while it is current.
    public var retiredAt: Date?
    /// The private key, PEM encoded (PKCS#8 for EC, PKCS#1 for RSA), for persistence.
    public var privateKeyPEM: String

    /// Restores a stored key.
    ///
    /// - Throws: `server_error` when the PEM does not hold a key of `algorithm`.
    public init(algorithm: Algorithm, privateKeyPEM: String, createdAt: Date, retiredAt: Date? = nil) throws(OAuthError) {
        self.algorithm = algorithm
        self.privateKeyPEM = privateKeyPEM
        self.createdAt = createdAt
        self.retiredAt = retiredAt
        self.kid = try KeyMaterial(algorithm: algorithm, pem: privateKeyPEM).publicJWK.thumbprint
    }

    /// Whether the key is published and accepted at `now`: current, or retired less than
    /// `tokenLifetime` ago (so every token it signed can still be verified).
    public func isPublished(at now: Date, tokenLifetime: TimeInterval) -> Bool {
        guard let retiredAt else { return true }
        return now < retiredAt.addingTimeInterval(tokenLifetime)
    }

    /// Generates a key. ES256 keys are drawn from `generator` (a P-256 scalar); RSA key generation
    /// happens inside BoringSSL with the system's randomness (swift-crypto offers no injection point).
    ///
    /// - Throws: `server_error` if generation fails.
    public static func generate(
        _ algorithm: Algorithm,
        now: Date,
        using generator: inout some RandomNumberGenerator
    ) throws(OAuthError) -> SigningKey {
        let pem = try KeyMaterial.generatePEM(algorithm, using: &generator)
        return try SigningKey(algorithm: algorithm, privateKeyPEM: pem, createdAt: now)
    }

    /// Rotation (`passbank keys rotate`): retires the current keys of `newKey`'s algorithm at `now`,
    /// adds `newKey`, and drops keys whose tokens have all expired.
    public static func rotate(_ keys: [SigningKey], adding newKey: SigningKey, now: Date, tokenLifetime: TimeInterval) -> [SigningKey] {
        var rotated = keys.filter { $0.isPublished(at: now, tokenLifetime: tokenLifetime) && $0.kid != newKey.kid }
        for index in rotated.indices where rotated[index].retiredAt == nil && rotated[index].algorithm == newKey.algorithm {
            rotated[index].retiredAt = now
        }
        rotated.append(newKey)
        return rotated
    }
}
