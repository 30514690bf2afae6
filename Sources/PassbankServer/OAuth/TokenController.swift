import Foundation
import HTTPTypes
import Hummingbird
import OpenIDProvider
import Storage

/// `POST /oauth2/token` (RFC 6749 §3.2): the `authorization_code` grant with PKCE and the
/// `refresh_token` grant with rotation, for public clients and `client_secret_basic`.
struct TokenController: Sendable {
    let environment: OAuthEnvironment

    func addRoutes(to router: some RouterMethods<PassbankRequestContext>) {
        router.post("/oauth2/token") { request, _ in await token(request) }
        router.on("/oauth2/token", method: .options) { request, _ in
            OAuthWire.preflight(request, clients: environment.clients, methods: "POST")
        }
    }

    func token(_ request: Request) async -> Response {
        await OAuthWire.clientEndpoint(request, clients: environment.clients) { parameters, client in
            let body: TokenResponse
            switch try TokenRequest(parameters, client: client) {
            case .authorizationCode(let code, let redirectURI, let codeVerifier):
                body = try await exchange(code: code, redirectURI: redirectURI, codeVerifier: codeVerifier, client: client)
            case .refreshToken(let token, let scope):
                body = try await refresh(token: token, scope: scope, client: client)
            }
            var response = try JSONResponse.make(body)
            // RFC 6749 §5.1: Cache-Control: no-store and Pragma: no-cache
            response.headers[OAuthWire.pragma] = "no-cache"
            return response
        }
    }

    func exchange(code: String, redirectURI: String?, codeVerifier: String?, client: OAuthClient) async throws -> TokenResponse {
        let now = environment.now()
        let database = environment.database
        let hash = OpaqueToken.hash(code)
        let stored = try database.authorizationCode(hash: hash)
        var record = stored.flatMap { OAuthWire.decode(AuthorizationCodeRecord.self, $0.payload) }
        // The column, not the JSON, says whether the code was used (it is the compare-and-set target).
        record?.isUsed = stored?.isUsed ?? false
        let decision = AuthorizationCodeGrant.decide(
            record: record,
            code: code,
            client: client,
            redirectURI: redirectURI,
            codeVerifier: codeVerifier,
            now: now
        )
        guard let granted = decision.grant else {
            // RFC 6749 §4.1.2: a reused code revokes the tokens it issued
            if let family = decision.familyToRevoke { try database.revokeTokenFamily(family, at: now) }
            throw decision.error ?? OAuthError.invalidGrant("The authorization code is invalid.")
        }
        // A code whose session ended (sign-out) or whose passkey was removed before the exchange
        guard try database.activeGrant(familyID: granted.familyID) != nil else {
            throw OAuthError.invalidGrant("The authorization code was revoked.")
        }
        var generator = SystemRandomNumberGenerator()
        let refresh = granted.issuesRefreshToken ? RefreshTokenRecord.issueFirst(from: granted, now: now, using: &generator) : nil
        let storedRefresh = try refresh.map { issued in try Self.stored(issued.record) }
        guard try database.redeemAuthorizationCode(hash: hash, firstRefreshToken: storedRefresh) else {
            // RFC 6749 §4.1.2: the other exchange of the same code won; treat this one as reuse
            try database.revokeTokenFamily(granted.familyID, at: now)
            throw OAuthError.invalidGrant("The authorization code was already used.")
        }
        let signer = try await environment.keys.ready()
        let access = AccessTokenClaims(
            issuer: environment.issuer,
            clientID: client.id,
            event: granted.event,
            scope: granted.scope,
            sessionID: granted.sessionID,
            grantID: granted.familyID,
            now: now,
            using: &generator
        )
        var identity = IDTokenClaims(
            issuer: environment.issuer,
            clientID: client.id,
            event: granted.event,
            nonce: granted.nonce,
            sessionID: granted.sessionID,
            now: now
        )
        if granted.scope.split(separator: " ").contains(Substring(Scope.profile)), let user = try database.user(id: granted.event.subject) {
            // OIDC Core §5.4: the profile scope asks for name and preferred_username
            identity.name = user.displayName
            identity.preferred_username = user.username
        }
        return TokenResponse(
            access_token: try await signer.sign(access, now: now),
            expires_in: Int(AccessTokenClaims.defaultLifetime),
            id_token: try await signer.sign(identity, algorithm: client.idTokenSigningAlgorithm, now: now),
            refresh_token: refresh?.token,
            scope: granted.scope
        )
    }

    func refresh(token: String, scope: String?, client: OAuthClient) async throws -> TokenResponse {
        let now = environment.now()
        let database = environment.database
        let hash = OpaqueToken.hash(token)
        let stored = try database.refreshToken(hash: hash)
        var record = stored.flatMap { OAuthWire.decode(RefreshTokenRecord.self, $0.payload) }
        record?.isUsed = stored?.isUsed ?? false
        let revoked = try stored.map { try database.isTokenFamilyRevoked($0.familyID) } ?? false
        var generator = SystemRandomNumberGenerator()
        let decision = RefreshTokenGrant.decide(
            record: record,
            token: token,
            familyRevoked: revoked,
            client: client,
            scope: scope,
            now: now,
            using: &generator
        )
        guard let rotation = decision.grant else {
            // RFC 9700 §4.14.2: a rotated token presented again revokes its whole family
            if let family = decision.familyToRevoke { try database.revokeTokenFamily(family, at: now) }
            throw decision.error ?? OAuthError.invalidGrant("The refresh token is invalid.")
        }
        guard try database.rotateRefreshToken(usedHash: rotation.used.tokenHash, successor: try Self.stored(rotation.newRecord)) else {
            try database.revokeTokenFamily(rotation.used.familyID, at: now)
            throw OAuthError.invalidGrant("The refresh token was already used.")
        }
        let signer = try await environment.keys.ready()
        // Refreshing is not authenticating: acr, amr and auth_time are carried unchanged.
        let access = AccessTokenClaims(
            issuer: environment.issuer,
            clientID: client.id,
            event: rotation.newRecord.event,
            scope: rotation.newRecord.scope,
            sessionID: rotation.newRecord.sessionID,
            grantID: rotation.newRecord.familyID,
            now: now,
            using: &generator
        )
        // OIDC Core §12.2: a refreshed ID token keeps iss, sub, aud, auth_time, acr and amr, has a new
        // iat, and carries no nonce.
        let identity = IDTokenClaims(
            issuer: environment.issuer,
            clientID: client.id,
            event: rotation.newRecord.event,
            nonce: nil,
            sessionID: rotation.newRecord.sessionID,
            now: now
        )
        return TokenResponse(
            access_token: try await signer.sign(access, now: now),
            expires_in: Int(AccessTokenClaims.defaultLifetime),
            id_token: rotation.newRecord.scope.split(separator: " ").contains("openid")
                ? try await signer.sign(identity, algorithm: client.idTokenSigningAlgorithm, now: now) : nil,
            refresh_token: rotation.newToken,
            scope: rotation.newRecord.scope
        )
    }

    static func stored(_ record: RefreshTokenRecord) throws -> StoredRefreshToken {
        StoredRefreshToken(
            tokenHash: record.tokenHash,
            familyID: record.familyID,
            clientID: record.clientID,
            sessionID: record.sessionID,
            payload: try OAuthWire.encode(record),
            absoluteExpiresAt: record.absoluteExpiresAt
        )
    }
}
