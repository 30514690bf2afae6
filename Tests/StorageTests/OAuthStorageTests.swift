import Foundation
import Storage
import Testing

@Suite("OAuth records")
struct OAuthStorageTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func refreshToken(_ hash: String, family: String = "f1", session: String = "s1") -> StoredRefreshToken {
        StoredRefreshToken(
            tokenHash: hash,
            familyID: family,
            clientID: "passbank-web",
            sessionID: session,
            payload: "{}",
            absoluteExpiresAt: now.addingTimeInterval(3600)
        )
    }

    @Test("a code is redeemed once: the second compare-and-set fails and stores nothing")
    func codeRedeemedOnce() throws {
        let database = try AppDatabase.inMemory()
        try database.insert(
            StoredAuthorizationCode(codeHash: "c", familyID: "f1", clientID: "passbank-web", payload: "{}", expiresAt: now.addingTimeInterval(60))
        )
        #expect(try database.redeemAuthorizationCode(hash: "c", firstRefreshToken: refreshToken("r1")))
        #expect(try !database.redeemAuthorizationCode(hash: "c", firstRefreshToken: refreshToken("r2")))
        #expect(try database.authorizationCode(hash: "c")?.isUsed == true)
        #expect(try database.refreshToken(hash: "r2") == nil)
        #expect(try !database.redeemAuthorizationCode(hash: "unknown", firstRefreshToken: nil))
    }

    @Test("a refresh token rotates once; families are revoked by id or by session")
    func rotationAndRevocation() throws {
        let database = try AppDatabase.inMemory()
        try database.insert(
            StoredAuthorizationCode(codeHash: "c", familyID: "f1", clientID: "passbank-web", payload: "{}", expiresAt: now.addingTimeInterval(60))
        )
        #expect(try database.redeemAuthorizationCode(hash: "c", firstRefreshToken: refreshToken("r1")))
        #expect(try database.rotateRefreshToken(usedHash: "r1", successor: refreshToken("r2")))
        #expect(try !database.rotateRefreshToken(usedHash: "r1", successor: refreshToken("r3")))
        #expect(try !database.isTokenFamilyRevoked("f1"))
        try database.revokeTokenFamily("f1", at: now)
        try database.revokeTokenFamily("f1", at: now)
        #expect(try database.isTokenFamilyRevoked("f1"))

        #expect(try database.rotateRefreshToken(usedHash: "r2", successor: refreshToken("x1", family: "f2", session: "s2")))
        try database.revokeTokenFamilies(sessionID: "s2", at: now)
        #expect(try database.isTokenFamilyRevoked("f2"))
    }

    @Test("pending requests expire; the first signing key stays the only one")
    func pendingAndKeys() throws {
        let database = try AppDatabase.inMemory()
        try database.insert(
            PendingAuthorizationRecord(id: "p", request: "{}", subjectUserID: nil, createdAt: now, expiresAt: now.addingTimeInterval(600))
        )
        #expect(try database.pendingAuthorization(id: "p", now: now) != nil)
        #expect(try database.pendingAuthorization(id: "p", now: now.addingTimeInterval(600)) == nil)
        #expect(try database.purgeOAuthRecords(expiredBefore: now.addingTimeInterval(601)) == 1)

        let first = SigningKeyRecord(kid: "k1", algorithm: "ES256", privateKeyPEM: "pem-1", createdAt: now)
        let second = SigningKeyRecord(kid: "k2", algorithm: "ES256", privateKeyPEM: "pem-2", createdAt: now)
        let rsa = SigningKeyRecord(kid: "k3", algorithm: "RS256", privateKeyPEM: "pem-3", createdAt: now)
        #expect(try database.insertSigningKeyIfNoCurrent(first).map(\.kid) == ["k1"])
        #expect(try database.insertSigningKeyIfNoCurrent(second).map(\.kid) == ["k1"])
        #expect(try database.insertSigningKeyIfNoCurrent(rsa).map(\.kid) == ["k1", "k3"])
        // After a rotation retires k1, a new ES256 key may be added; replacing the set keeps only what is listed.
        var retired = first
        retired.retiredAt = now
        try database.replaceSigningKeys(with: [retired, rsa])
        #expect(try database.insertSigningKeyIfNoCurrent(second).map(\.kid) == ["k1", "k2", "k3"])
    }
}
