public import Foundation
import JWTKit

extension TokenSigner {
    /// Verifies an `id_token_hint` (OpenID Connect RP-Initiated Logout 1.0 §2): an ID token this
    /// provider signed for one of its clients. Whose session it names is the caller's check (`sub`, `sid`).
    ///
    /// Checks the header (`typ` is `JWT`, `kid` names a key held here, `alg` is that key's, no `crit`),
    /// the signature, `iss`, that every `aud` value is a known client (and `clientID`, when the request
    /// named one, among them), and that `iat` is not in the future. `exp` is not checked: §2 asks the
    /// provider to accept an expired ID token as a hint.
    ///
    /// - Throws: `invalid_request` for any failure; the description says which check failed.
    public func verifyIDTokenHint(
        _ token: String,
        clients: ClientRegistry,
        clientID: String?,
        now: Date,
        leeway: TimeInterval = 30
    ) async throws(OAuthError) -> IDTokenClaims {
        guard token.utf8.count <= Self.maximumTokenLength else { throw OAuthError.invalidRequest("The id_token_hint is too long.") }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Base64URL.decode(String(parts[0])),
            case .object(let header)? = try? JSONDecoder().decode(JSONValue.self, from: Data(headerBytes))
        else { throw OAuthError.invalidRequest("The id_token_hint is malformed.") }
        // OIDC Core §2 and how ID tokens are signed here: typ JWT, never an access token (at+jwt)
        guard case .string(let type)? = header["typ"], type == "JWT" else {
            throw OAuthError.invalidRequest("The id_token_hint is not an ID token.")
        }
        // RFC 7515 §4.1.11: no extensions are understood here
        guard header["crit"] == nil else { throw OAuthError.invalidRequest("The id_token_hint uses unsupported header extensions.") }
        // RP-Initiated Logout 1.0 §2: an ID token this provider issued, so signed with a key held here
        guard case .string(let kid)? = header["kid"], let key = keys[kid] else {
            throw OAuthError.invalidRequest("The id_token_hint's signing key is not known.")
        }
        // RFC 8725 §3.1: the algorithm is the key's own, never chosen by the token
        guard case .string(let alg)? = header["alg"], alg == key.algorithm.rawValue else {
            throw OAuthError.invalidRequest("The id_token_hint's algorithm is not accepted.")
        }
        let claims: IDTokenClaims
        do {
            claims = try await collection.verify(token, as: SignedPayload<IDTokenClaims>.self).claims
        } catch {
            throw OAuthError.invalidRequest("The id_token_hint's signature or claims are invalid.")
        }
        // OIDC Core §3.1.3.7 step 2: iss is this provider's issuer exactly
        guard claims.iss == issuer else { throw OAuthError.invalidRequest("The id_token_hint was issued by someone else.") }
        // OIDC Core §3.1.3.7 step 3: aud names clients; here every value must be a client of this provider
        guard !claims.aud.values.isEmpty, claims.aud.values.allSatisfy({ clients.client(id: $0) != nil }) else {
            throw OAuthError.invalidRequest("The id_token_hint is not for a client of this provider.")
        }
        // RP-Initiated Logout 1.0 §2 (client_id): with both, the client must be the one the ID token was issued to
        if let clientID, !claims.aud.values.contains(clientID) {
            throw OAuthError.invalidRequest("The id_token_hint was issued to another client.")
        }
        // RFC 7519 §4.1.6: a token from the future is refused
        guard Double(claims.iat) <= now.timeIntervalSince1970 + leeway, !claims.sub.isEmpty else {
            throw OAuthError.invalidRequest("The id_token_hint's claims are not acceptable.")
        }
        return claims
    }
}
