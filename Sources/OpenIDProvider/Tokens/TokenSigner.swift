public import Foundation
import JWTKit

/// Holds the signing keys: signs with the newest current key, publishes the JWKS, verifies access tokens.
///
/// Keys are added from storage (``SigningKey``) at start and after `passbank keys rotate`.
public actor TokenSigner {
    /// The provider's issuer identifier (`iss`).
    public nonisolated let issuer: String
    /// The longest lifetime of any token signed here; a retired key stays published this long.
    public nonisolated let tokenLifetime: TimeInterval

    let collection = JWTKeyCollection()
    var keys: [String: SigningKey] = [:]

    /// Creates a signer for `issuer` with no keys yet.
    public init(issuer: String, tokenLifetime: TimeInterval = max(AccessTokenClaims.defaultLifetime, IDTokenClaims.defaultLifetime)) {
        self.issuer = issuer
        self.tokenLifetime = tokenLifetime
    }

    /// Adds (or replaces, by `kid`) stored keys.
    ///
    /// - Throws: `server_error` when a PEM cannot be loaded.
    public func add(_ newKeys: [SigningKey]) async throws(OAuthError) {
        for key in newKeys {
            let material = try KeyMaterial(algorithm: key.algorithm, pem: key.privateKeyPEM)
            await material.add(to: collection, kid: key.kid)
            keys[key.kid] = key
        }
    }

    /// Replaces the whole key set (after a rotation), dropping keys no longer listed.
    ///
    /// - Throws: `server_error` when a PEM cannot be loaded.
    public func replaceKeys(with newKeys: [SigningKey]) async throws(OAuthError) {
        for kid in keys.keys where !newKeys.contains(where: { $0.kid == kid }) {
            await collection.remove(kid: JWKIdentifier(string: kid))
            keys[kid] = nil
        }
        try await add(newKeys)
    }

    /// The key that signs at `now`: the newest one that is not retired (of `algorithm`, when given).
    public func currentKey(at now: Date, algorithm: SigningKey.Algorithm? = nil) -> SigningKey? {
        keys.values
            .filter { ($0.retiredAt ?? .distantFuture) > now && (algorithm == nil || $0.algorithm == algorithm) }
            .max { ($0.createdAt, $0.kid) < ($1.createdAt, $1.kid) }
    }

    /// The JWKS at `now`: every published key with `kid`, `use: sig` and `alg`, newest first.
    public func jwks(at now: Date) -> JSONWebKeySet {
        let published = keys.values
            .filter { $0.isPublished(at: now, tokenLifetime: tokenLifetime) }
            .sorted { ($0.createdAt, $0.kid) > ($1.createdAt, $1.kid) }
        var result: [PublicJWK] = []
        for key in published {
            guard var jwk = try? KeyMaterial(algorithm: key.algorithm, pem: key.privateKeyPEM).publicJWK else { continue }
            jwk.kid = key.kid
            result.append(jwk)
        }
        return JSONWebKeySet(keys: result)
    }

    /// Signs an access token with header `typ: at+jwt` (RFC 9068 §2.1), with the current ES256 key
    /// (any current key when there is no ES256 one).
    ///
    /// - Throws: `server_error` when there is no current key or signing fails.
    public func sign(_ claims: AccessTokenClaims, now: Date) async throws(OAuthError) -> String {
        try await sign(SignedPayload(claims), type: "at+jwt", algorithm: currentKey(at: now, algorithm: .es256) == nil ? nil : .es256, now: now)
    }

    /// Signs an ID token with header `typ: JWT`, with the client's registered algorithm
    /// (OIDC Registration `id_token_signed_response_alg`; ES256 here unless configured).
    ///
    /// - Throws: `server_error` when there is no current key of that algorithm or signing fails.
    public func sign(_ claims: IDTokenClaims, algorithm: SigningKey.Algorithm? = nil, now: Date) async throws(OAuthError) -> String {
        try await sign(SignedPayload(claims), type: "JWT", algorithm: algorithm, now: now)
    }

    private func sign(_ payload: some JWTPayload, type: String, algorithm: SigningKey.Algorithm?, now: Date) async throws(OAuthError) -> String {
        guard let key = currentKey(at: now, algorithm: algorithm) else { throw OAuthError.serverError }
        var header = JWTHeader()
        header.alg = key.algorithm.rawValue
        header.typ = type
        do {
            return try await collection.sign(payload, kid: JWKIdentifier(string: key.kid), header: header)
        } catch {
            throw OAuthError.serverError
        }
    }
}
