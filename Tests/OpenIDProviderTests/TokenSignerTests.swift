import Crypto
import Foundation
import JWTKit
import OpenIDProvider
import Testing

/// A jwt-kit payload for forging tokens in tests.
struct ForgedPayload: JWTPayload {
    var claims: AccessTokenClaims
    init(_ claims: AccessTokenClaims) { self.claims = claims }
    init(from decoder: any Decoder) throws { claims = try AccessTokenClaims(from: decoder) }
    func encode(to encoder: any Encoder) throws { try claims.encode(to: encoder) }
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

@Suite("Signing keys, token minting and access token verification (RFC 9068)")
struct TokenSignerTests {
    static let rsaKey = try! SigningKey.generate(.rs256, now: Fixtures.now, using: &Self.unusedGenerator)
    nonisolated(unsafe) static var unusedGenerator = SeededGenerator(seed: 99)

    static func ecKey(seed: UInt64, at date: Date = Fixtures.now) throws -> SigningKey {
        var generator = SeededGenerator(seed: seed)
        return try SigningKey.generate(.es256, now: date, using: &generator)
    }

    static func claims(_ change: (inout AccessTokenClaims) -> Void = { _ in }) -> AccessTokenClaims {
        var generator = SeededGenerator(seed: 7)
        var claims = AccessTokenClaims(
            issuer: Fixtures.issuer,
            clientID: "passbank-web",
            event: Fixtures.event(acr: .phrh),
            scope: "openid",
            sessionID: "sid-1",
            grantID: "grant-1",
            now: Fixtures.now,
            using: &generator
        )
        change(&claims)
        return claims
    }

    static func signer(_ keys: SigningKey...) async throws -> TokenSigner {
        let signer = TokenSigner(issuer: Fixtures.issuer)
        try await signer.add(keys)
        return signer
    }

    static func forge(_ header: String, _ claims: AccessTokenClaims, signature: String = "") throws -> String {
        let payload = try JSONEncoder().encode(claims)
        return [Data(header.utf8), payload].map(encode).joined(separator: ".") + "." + signature
    }

    static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    @Test("ES256 keys from injected randomness are deterministic and restore from PEM")
    func keyGeneration() throws {
        let first = try Self.ecKey(seed: 1)
        let again = try Self.ecKey(seed: 1)
        #expect(first.kid == again.kid)
        #expect(first.kid != (try Self.ecKey(seed: 2)).kid)
        let restored = try SigningKey(algorithm: .es256, privateKeyPEM: first.privateKeyPEM, createdAt: Fixtures.now)
        #expect(restored.kid == first.kid)
        #expect(throws: OAuthError.serverError) { try SigningKey(algorithm: .rs256, privateKeyPEM: first.privateKeyPEM, createdAt: Fixtures.now) }
    }

    @Test("Mint and verify round trip", arguments: [SigningKey.Algorithm.es256, .rs256])
    func roundTrip(_ algorithm: SigningKey.Algorithm) async throws {
        let key = algorithm == .es256 ? try Self.ecKey(seed: 1) : Self.rsaKey
        let signer = try await Self.signer(key)
        let token = try await signer.sign(Self.claims(), now: Fixtures.now)
        let header = try #require(String(token.split(separator: ".")[0]).base64URLDecodedString())
        #expect(header.contains(#""typ":"at+jwt""#))
        #expect(header.contains(#""alg":"\#(algorithm.rawValue)""#))
        #expect(header.contains(#""kid":"\#(key.kid)""#))
        let verified = try await signer.verifyAccessToken(token, now: Fixtures.now.addingTimeInterval(60))
        #expect(verified == Self.claims())
        #expect(verified.aud.values == ["passbank-api"])
        #expect(verified.exp - verified.iat == 300)
        #expect(verified.acr == "phrh")
        let idToken = try await signer.sign(
            IDTokenClaims(
                issuer: Fixtures.issuer,
                clientID: "passbank-web",
                event: Fixtures.event(),
                nonce: "n",
                sessionID: "sid-1",
                now: Fixtures.now
            ),
            now: Fixtures.now
        )
        // An ID token is not an access token (RFC 9068 §4: typ)
        await #expect(throws: OAuthError.invalidToken("")) { try await signer.verifyAccessToken(idToken, now: Fixtures.now) }
    }

    @Test(
        "Refused tokens",
        arguments: [
            "alg none", "alg swapped", "typ JWT", "no typ", "crit", "wrong aud", "wrong iss", "expired", "future iat", "not before",
            "unknown kid", "no kid", "other key", "garbage", "tampered",
        ]
    )
    func refused(_ name: String) async throws {
        let key = try Self.ecKey(seed: 1)
        let other = try Self.ecKey(seed: 2)
        let signer = try await Self.signer(key)
        let good = Self.claims()
        var now = Fixtures.now
        let token: String
        switch name {
        case "alg none":
            token = try Self.forge(#"{"alg":"none","typ":"at+jwt","kid":"\#(key.kid)"}"#, good)
        case "alg swapped":
            token = try Self.forge(#"{"alg":"HS256","typ":"at+jwt","kid":"\#(key.kid)"}"#, good, signature: "AAAA")
        case "typ JWT", "no typ", "crit", "other key":
            let collection = JWTKeyCollection()
            let signingPEM = name == "other key" ? other.privateKeyPEM : key.privateKeyPEM
            await collection.add(ecdsa: try ES256PrivateKey(pem: signingPEM), kid: JWKIdentifier(string: key.kid))
            var header = JWTHeader()
            header.typ = name == "typ JWT" ? "JWT" : "at+jwt"
            if name == "no typ" { header.typ = nil }
            if name == "crit" { header.crit = ["exp"] }
            token = try await collection.sign(ForgedPayload(good), kid: JWKIdentifier(string: key.kid), header: header)
        case "wrong aud":
            token = try await signer.sign(Self.claims { $0.aud = Audience(["other-api"]) }, now: now)
        case "wrong iss":
            token = try await signer.sign(Self.claims { $0.iss = "https://evil.example" }, now: now)
        case "expired":
            token = try await signer.sign(good, now: now)
            now = now.addingTimeInterval(300 + 30)
        case "future iat":
            token = try await signer.sign(
                Self.claims {
                    $0.iat += 120
                    $0.exp += 120
                },
                now: now
            )
        case "not before":
            token = try await signer.sign(Self.claims { $0.nbf = $0.iat + 120 }, now: now)
        case "unknown kid":
            token = try await Self.signer(other).sign(good, now: now)
        case "no kid":
            token = try Self.forge(#"{"alg":"ES256","typ":"at+jwt"}"#, good, signature: "AAAA")
        case "garbage":
            token = "not.a.token"
        default:
            let valid = try await signer.sign(good, now: now)
            var parts = valid.split(separator: ".").map(String.init)
            parts[1] = try Self.forge("{}", Self.claims { $0.sub = "someone-else" }).split(separator: ".")[1].description
            token = parts.joined(separator: ".")
        }
        await #expect(throws: OAuthError.invalidToken("")) { try await signer.verifyAccessToken(token, now: now) }
    }

    @Test("Rotation: the new key signs; the old one stays in the JWKS until its tokens expire")
    func rotation() async throws {
        let old = try Self.ecKey(seed: 1, at: Fixtures.now.addingTimeInterval(-86400))
        let signer = try await Self.signer(old)
        let before = try await signer.sign(Self.claims(), now: Fixtures.now)
        let new = try Self.ecKey(seed: 2)
        let keys = SigningKey.rotate([old], adding: new, now: Fixtures.now, tokenLifetime: signer.tokenLifetime)
        #expect(keys.map(\.kid) == [old.kid, new.kid])
        #expect(keys[0].retiredAt == Fixtures.now)
        try await signer.replaceKeys(with: keys)
        #expect(await signer.currentKey(at: Fixtures.now)?.kid == new.kid)
        let jwks = await signer.jwks(at: Fixtures.now.addingTimeInterval(10))
        #expect(jwks.keys.map(\.kid) == [new.kid, old.kid])
        #expect(jwks.keys.allSatisfy { $0.use == "sig" && $0.alg == "ES256" && $0.kty == "EC" && $0.crv == "P-256" })
        // A token signed before the rotation still verifies while the old key is published
        #expect(try await signer.verifyAccessToken(before, now: Fixtures.now.addingTimeInterval(10)).sub == "user-1")
        // After the old key's tokens have expired it leaves the JWKS and is no longer accepted
        let later = Fixtures.now.addingTimeInterval(signer.tokenLifetime)
        #expect(await signer.jwks(at: later).keys.map(\.kid) == [new.kid])
        let pruned = SigningKey.rotate(keys, adding: try Self.ecKey(seed: 3), now: later, tokenLifetime: signer.tokenLifetime)
        #expect(!pruned.contains { $0.kid == old.kid })
    }

    @Test("Without a key, signing is a server_error")
    func noKey() async {
        let signer = TokenSigner(issuer: Fixtures.issuer)
        await #expect(throws: OAuthError.serverError) { try await signer.sign(Self.claims(), now: Fixtures.now) }
    }

    @Test("RSA keys publish n and e")
    func rsaJWKS() async throws {
        let signer = try await Self.signer(Self.rsaKey)
        let jwk = try #require(await signer.jwks(at: Fixtures.now).keys.first)
        #expect(jwk.kty == "RSA" && jwk.alg == "RS256" && jwk.e == "AQAB" && (jwk.n?.count ?? 0) >= 342)
    }

    @Test("Step-up: a weak or old token is insufficient_user_authentication with an RFC 9470 challenge")
    func stepUp() throws {
        let phr = Self.claims { $0.acr = "phr" }
        #expect(throws: OAuthError.insufficientUserAuthentication("")) { try phr.requireAuthentication(acr: .phrh, maxAge: 300, now: Fixtures.now) }
        let strong = Self.claims()
        try strong.requireAuthentication(acr: .phrh, maxAge: 300, now: Fixtures.now)
        let error = #expect(throws: OAuthError.self) {
            try strong.requireAuthentication(acr: .phrh, maxAge: 300, now: Fixtures.now.addingTimeInterval(400))
        }
        #expect(error?.code == "insufficient_user_authentication")
        let header = AccessTokenClaims.stepUpChallenge(error: try #require(error), acr: .phrh, maxAge: 300)
        #expect(header.hasPrefix(#"Bearer error="insufficient_user_authentication", error_description=""#))
        #expect(header.hasSuffix(#"acr_values="phrh", max_age="300""#))
    }
}

extension String {
    func base64URLDecodedString() -> String? {
        var base64 = replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64).map { String(decoding: $0, as: UTF8.self) }
    }
}
