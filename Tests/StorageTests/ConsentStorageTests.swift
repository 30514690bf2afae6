import Foundation
import Storage
import Testing

@Suite("Consents (v10-consents)")
struct ConsentStorageTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func audit(_ kind: AuditEventRecord.Kind, user: String = "u1") -> AuditEventRecord {
        AuditEventRecord(at: now, userID: user, kind: kind, outcome: .ok, detail: ["client": "budget"])
    }

    func database() throws -> AppDatabase {
        let database = try AppDatabase.inMemory()
        for (id, name) in [("u1", "ada"), ("u2", "bob")] {
            try database.insertUser(UserRecord(id: id, username: name, displayName: name, userHandle: Data(id.utf8), createdAt: now))
        }
        return database
    }

    func ask(_ database: AppDatabase, request id: String, user: String) throws {
        try database.insert(PendingAuthorizationRecord(id: id, request: "{}", subjectUserID: nil, createdAt: now, expiresAt: now + 600))
        try database.askConsent(requestID: id, userID: user, now: now)
    }

    @Test("an approval adds the request's scopes to what the person gave before; a denial stores none; each is answered once")
    func answers() throws {
        let database = try database()
        try ask(database, request: "r1", user: "u1")
        try database.answerConsent(
            requestID: "r1",
            userID: "u1",
            decision: .approved,
            clientID: "budget",
            scopes: ["openid", "accounts"],
            now: now,
            audit: audit(.consentGiven)
        )
        #expect(try database.pendingAuthorization(id: "r1", now: now)?.consentDecision == .approved)
        #expect(throws: StorageError(code: "authorization-request-unknown", reason: "")) {
            try database.answerConsent(
                requestID: "r1",
                userID: "u1",
                decision: .denied,
                clientID: "budget",
                scopes: ["openid"],
                now: now,
                audit: audit(.consentDenied)
            )
        }
        try ask(database, request: "r2", user: "u1")
        try database.answerConsent(
            requestID: "r2",
            userID: "u1",
            decision: .approved,
            clientID: "budget",
            scopes: ["openid", "profile"],
            now: now + 5,
            audit: audit(.consentGiven)
        )
        let consent = try #require(try database.consent(userID: "u1", clientID: "budget"))
        #expect(consent.scopes == "accounts openid profile")
        #expect(consent.grantedAt == now + 5)

        try ask(database, request: "r3", user: "u2")
        try database.answerConsent(
            requestID: "r3",
            userID: "u2",
            decision: .denied,
            clientID: "budget",
            scopes: ["openid"],
            now: now,
            audit: audit(.consentDenied, user: "u2")
        )
        #expect(try database.consent(userID: "u2", clientID: "budget") == nil)
        #expect(try database.auditEvents(limit: 10).map(\.kind) == [.consentDenied, .consentGiven, .consentGiven])
    }

    @Test("only the person asked can answer; a request not waiting for consent cannot be answered; nothing is stored")
    func refusals() throws {
        let database = try database()
        try ask(database, request: "r1", user: "u1")
        #expect(throws: StorageError(code: "consent-other-account", reason: "")) {
            try database.answerConsent(
                requestID: "r1",
                userID: "u2",
                decision: .approved,
                clientID: "budget",
                scopes: ["openid"],
                now: now,
                audit: audit(.consentGiven)
            )
        }
        try database.insert(PendingAuthorizationRecord(id: "r2", request: "{}", subjectUserID: nil, createdAt: now, expiresAt: now + 600))
        #expect(throws: StorageError(code: "authorization-request-unknown", reason: "")) {
            try database.answerConsent(
                requestID: "r2",
                userID: "u1",
                decision: .approved,
                clientID: "budget",
                scopes: ["openid"],
                now: now,
                audit: audit(.consentGiven)
            )
        }
        #expect(throws: StorageError(code: "authorization-request-unknown", reason: "")) {
            try database.answerConsent(
                requestID: "r1",
                userID: "u1",
                decision: .approved,
                clientID: "budget",
                scopes: ["openid"],
                now: now + 600,
                audit: audit(.consentGiven)
            )
        }
        #expect(try database.consents(userID: "u1").isEmpty && database.consents(userID: "u2").isEmpty)
        #expect(try database.auditEvents(limit: 10).isEmpty)
    }

    @Test("withdrawing deletes the consent and revokes the client's grants for that person only")
    func withdraw() throws {
        let database = try database()
        try ask(database, request: "r1", user: "u1")
        try database.answerConsent(
            requestID: "r1",
            userID: "u1",
            decision: .approved,
            clientID: "budget",
            scopes: ["openid"],
            now: now,
            audit: audit(.consentGiven)
        )
        func grant(_ family: String, user: String, client: String) -> GrantRecord {
            GrantRecord(familyID: family, userID: user, sessionID: "s", credentialID: nil, clientID: client, createdAt: now, expiresAt: now + 3600)
        }
        for (family, user, client) in [("f1", "u1", "budget"), ("f2", "u1", "passbank-web"), ("f3", "u2", "budget")] {
            try database.insert(
                StoredAuthorizationCode(codeHash: family, familyID: family, clientID: client, payload: "{}", expiresAt: now + 60),
                grant: grant(family, user: user, client: client)
            )
        }
        try database.withdrawConsent(userID: "u1", clientID: "budget", audit: audit(.consentWithdrawn))
        #expect(try database.consent(userID: "u1", clientID: "budget") == nil)
        #expect(try database.isTokenFamilyRevoked("f1"))
        #expect(try !database.isTokenFamilyRevoked("f2"))
        #expect(try !database.isTokenFamilyRevoked("f3"))
        #expect(throws: StorageError(code: "consent-not-found", reason: "")) {
            try database.withdrawConsent(userID: "u1", clientID: "budget", audit: audit(.consentWithdrawn))
        }
    }
}
