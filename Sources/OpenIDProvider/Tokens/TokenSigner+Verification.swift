public import Foundation
import JWTKit

extension TokenSigner {
    /// The largest access token accepted, in bytes.
    static let maximumTokenLength = 8192

    /// Verifies a bearer access token for the banking API (RFC 9068 §4).
    ///
    /// Checks the header (`typ` is `at+jwt`, `kid` names a published key, `alg` is that key's, no
    /// `crit`), the signature, then `iss`, `aud`, `exp`, `nbf` and `iat` against `now` with `leeway`.
    ///
    /// - Throws: `invalid_token` for any failure; the description says which check failed.
    public func verifyAccessToken(
        _ token: String,
        audience: String = AccessTokenClaims.bankingAPIAudience,
        now: Date,
        leeway: TimeInterval = 30
    ) async throws(OAuthError) -> AccessTokenClaims {
        guard token.utf8.count <= Self.maximumTokenLength else { throw OAuthError.invalidToken("The access token is too long.") }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Base64URL.decode(String(parts[0])),
            case .object(let header)? = try? JSONDecoder().decode(JSONValue.self, from: Data(headerBytes))
        else { throw OAuthError.invalidToken("The access token is malformed.") }
        // RFC 9068 §4: typ must be at+jwt (or its full media type)
        guard case .string(let type)? = header["typ"], type == "at+jwt" || type == "application/at+jwt" else {
            throw OAuthError.invalidToken("The token is not an access token.")
        }
        // RFC 7515 §4.1.11: no extensions are understood here
        guard header["crit"] == nil else { throw OAuthError.invalidToken("The access token uses unsupported header extensions.") }
        guard case .string(let kid)? = header["kid"], let key = keys[kid], key.isPublished(at: now, tokenLifetime: tokenLifetime) else {
            throw OAuthError.invalidToken("The access token's signing key is not known.")
        }
        // RFC 8725 §3.1: the algorithm is the key's own, never chosen by the token ("none", HS256 with a public key)
        guard case .string(let alg)? = header["alg"], alg == key.algorithm.rawValue else {
            throw OAuthError.invalidToken("The access token's algorithm is not accepted.")
        }
        let claims: AccessTokenClaims
        do {
            claims = try await collection.verify(token, as: SignedPayload<AccessTokenClaims>.self).claims
        } catch {
            throw OAuthError.invalidToken("The access token's signature or claims are invalid.")
        }
        try Self.check(claims, issuer: issuer, audience: audience, now: now, leeway: leeway)
        return claims
    }

    /// The claim checks of RFC 9068 §4 and RFC 7519 §4.1.
    static func check(_ claims: AccessTokenClaims, issuer: String, audience: String, now: Date, leeway: TimeInterval) throws(OAuthError) {
        let seconds = now.timeIntervalSince1970
        // RFC 9068 §4: iss must match the authorization server's issuer exactly
        guard claims.iss == issuer else { throw OAuthError.invalidToken("The access token was issued by someone else.") }
        // RFC 9068 §4: aud must contain this resource's identifier
        guard claims.aud.values.contains(audience) else { throw OAuthError.invalidToken("The access token is not for this resource.") }
        // RFC 7519 §4.1.4: reject at or after exp
        guard seconds < Double(claims.exp) + leeway else { throw OAuthError.invalidToken("The access token has expired.") }
        // RFC 7519 §4.1.5: reject before nbf
        if let nbf = claims.nbf, seconds + leeway < Double(nbf) { throw OAuthError.invalidToken("The access token is not valid yet.") }
        // RFC 7519 §4.1.6: a token from the future is refused
        guard Double(claims.iat) <= seconds + leeway else { throw OAuthError.invalidToken("The access token was issued in the future.") }
        guard AuthenticationContextClass(rawValue: claims.acr) != nil, !claims.sub.isEmpty, !claims.jti.isEmpty else {
            throw OAuthError.invalidToken("The access token lacks required claims.")
        }
    }
}
