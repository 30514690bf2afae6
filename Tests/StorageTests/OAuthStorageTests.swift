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

    }

    @Test("signing out revokes every grant issued in the session, including a replaced session's")
    func signOutRevokesGrants() throws {
        let database = try AppDatabase.inMemory()
        try database.insertUser(UserRecord(id: "u1", username: "ada", displayName: "Ada", userHandle: Data([1]), createdAt: now))
        func session(_ id: String) -> SessionRecord {
            SessionRecord(id: id, userID: "u1", createdAt: now, lastSeenAt: now, idleExpiresAt: now + 600, absoluteExpiresAt: now + 3600)
        }
        let event = SessionEventRecord(sessionID: "", credentialID: nil, acr: "phr", amr: "[]", authTime: now)
        try database.startSession(session("s1"), event: event, replacing: nil)
        try database.insert(
            StoredAuthorizationCode(codeHash: "c1", familyID: "f1", clientID: "passbank-web", payload: "{}", expiresAt: now + 60),
            grant: GrantRecord(
                familyID: "f1",
                userID: "u1",
                sessionID: "s1",
                credentialID: nil,
                clientID: "passbank-web",
                createdAt: now,
                expiresAt: now + 3600
            )
        )
        // A step-up replaces the session; the grant follows it.
        try database.startSession(session("s2"), event: event, replacing: "s1")
        #expect(try database.activeGrant(familyID: "f1")?.sessionID == "s2")
        try database.endSession(id: "s2", at: now)
        #expect(try database.isTokenFamilyRevoked("f1"))
        #expect(try database.activeGrant(familyID: "f1") == nil)
        #expect(try database.purgeGrants(expiredBefore: now + 3601) == 2)
        #expect(try !database.isTokenFamilyRevoked("f1"))
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
