import Foundation
import GRDB
import Storage
import Testing

@Suite("Ceremonies and accounts")
struct CeremonyStorageTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func ceremony(_ id: String = "c1", kind: CeremonyRecord.Kind = .registration, expiresIn seconds: TimeInterval = 300) -> CeremonyRecord {
        CeremonyRecord(
            id: id,
            kind: kind,
            challenge: Data(repeating: 7, count: 32),
            pendingUsername: "ada",
            pendingDisplayName: "Ada",
            pendingUserHandle: Data(repeating: 1, count: 32),
            requireUserVerification: false,
            createdAt: now,
            expiresAt: now.addingTimeInterval(seconds)
        )
    }

    func user(_ username: String = "ada", handle: UInt8 = 1) -> UserRecord {
        UserRecord(
            id: "u-\(username)-\(handle)",
            username: username,
            displayName: "Ada",
            userHandle: Data(repeating: handle, count: 32),
            createdAt: now
        )
    }

    func credential(_ id: UInt8 = 9, userID: String = "u-ada-1") -> CredentialRecord {
        CredentialRecord(
            id: Data([id, id, id]),
            userID: userID,
            publicKey: Data([0xA5]),
            signCount: 0,
            aaguid: "00000000-0000-0000-0000-000000000000",
            attestationFormat: "none",
            attestationType: "none",
            attestationObject: Data([0xA0]),
            evidence: "{}",
            backupEligible: true,
            backupState: true,
            transports: "[]",
            attachment: "platform",
            assurance: "phr",
            assuranceReasons: "[]",
            createdAt: now
        )
    }

    @Test("a ceremony can be completed once; unknown, other-kind, expired and used ids are told apart")
    func singleUse() throws {
        let database = try AppDatabase.inMemory()
        try database.insert(ceremony())
        #expect(try database.openCeremony(id: "c1", kind: .registration, now: now).id == "c1")
        #expect(throws: StorageError(code: "ceremony-unknown", reason: "")) { try database.openCeremony(id: "nope", kind: .registration, now: now) }
        #expect(throws: StorageError(code: "ceremony-unknown", reason: "")) { try database.openCeremony(id: "c1", kind: .authentication, now: now) }
        #expect(throws: StorageError(code: "ceremony-expired", reason: "")) {
            try database.openCeremony(id: "c1", kind: .registration, now: now.addingTimeInterval(301))
        }
        try database.completeRegistration(ceremonyID: "c1", newUser: user(), credential: credential(), now: now)
        #expect(throws: StorageError(code: "ceremony-used", reason: "")) { try database.openCeremony(id: "c1", kind: .registration, now: now) }
        #expect(throws: StorageError(code: "ceremony-used", reason: "")) {
            try database.completeRegistration(
                ceremonyID: "c1",
                newUser: user("bob", handle: 2),
                credential: credential(8, userID: "u-bob-2"),
                now: now
            )
        }
        #expect(try database.user(username: "bob") == nil, "a refused completion stores nothing")
    }

    @Test("a refused registration leaves the ceremony open and stores nothing")
    func refusedRegistrationRollsBack() throws {
        let database = try AppDatabase.inMemory()
        try database.insert(ceremony("c1"))
        try database.insert(ceremony("c2"))
        try database.completeRegistration(ceremonyID: "c1", newUser: user(), credential: credential(), now: now)
        // Same username in another case: taken.
        #expect(throws: StorageError(code: "username-taken", reason: "")) {
            try database.completeRegistration(
                ceremonyID: "c2",
                newUser: user("ADA", handle: 3),
                credential: credential(5, userID: "u-ADA-3"),
                now: now
            )
        }
        // Same credential id for someone else: refused.
        #expect(throws: StorageError(code: "credential-already-registered", reason: "")) {
            try database.completeRegistration(
                ceremonyID: "c2",
                newUser: user("eve", handle: 4),
                credential: credential(9, userID: "u-eve-4"),
                now: now
            )
        }
        #expect(try database.openCeremony(id: "c2", kind: .registration, now: now).consumedAt == nil)
        #expect(try database.user(username: "eve") == nil)
        #expect(try database.credentials(userID: "u-ada-1").count == 1)
    }

    @Test("of many concurrent completions of one ceremony, exactly one wins")
    func concurrentCompletion() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("passbank-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try AppDatabase.open(at: folder.appendingPathComponent("db.sqlite"))
        try database.insert(ceremony())
        let now = self.now
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<16 {
                let newUser = user("user\(index)", handle: UInt8(10 + index))
                let record = credential(UInt8(100 + index), userID: newUser.id)
                group.addTask {
                    (try? database.completeRegistration(ceremonyID: "c1", newUser: newUser, credential: record, now: now)) != nil
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1)
    }

    @Test("a sign-in updates the counter only from the value it read")
    func authenticationCounter() throws {
        let database = try AppDatabase.inMemory()
        try database.insert(ceremony("r"))
        try database.completeRegistration(ceremonyID: "r", newUser: user(), credential: credential(), now: now)
        try database.insert(ceremony("a1", kind: .authentication))
        try database.insert(ceremony("a2", kind: .authentication))
        try database.completeAuthentication(
            ceremonyID: "a1",
            credentialID: Data([9, 9, 9]),
            expectedSignCount: 0,
            newSignCount: 5,
            backupState: false,
            assurance: "phr",
            assuranceReasons: "[]",
            now: now
        )
        #expect(throws: StorageError(code: "credential-changed-concurrently", reason: "")) {
            try database.completeAuthentication(
                ceremonyID: "a2",
                credentialID: Data([9, 9, 9]),
                expectedSignCount: 0,
                newSignCount: 6,
                backupState: false,
                assurance: "phr",
                assuranceReasons: "[]",
                now: now
            )
        }
        let stored = try #require(try database.credential(id: Data([9, 9, 9])))
        #expect(stored.signCount == 5)
        #expect(stored.lastUsedAt == now)
        #expect(try database.openCeremony(id: "a2", kind: .authentication, now: now).consumedAt == nil)
    }

    @Test("expired ceremonies are purged, open ones kept")
    func purge() throws {
        let database = try AppDatabase.inMemory()
        try database.insert(ceremony("old", expiresIn: 10))
        try database.insert(ceremony("new", expiresIn: 600))
        #expect(try database.purgeCeremonies(expiredBefore: now.addingTimeInterval(60)) == 1)
        #expect(try database.openCeremony(id: "new", kind: .registration, now: now).id == "new")
    }
}
