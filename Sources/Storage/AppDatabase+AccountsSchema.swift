import GRDB

extension AppDatabase {
    /// People, their passkeys, and the WebAuthn ceremonies in flight.
    static func createAccountTables(_ db: Database) throws {
        try db.create(table: "user") { table in
            table.column("id", .text).primaryKey()
            // Usernames compare without case: "Ada" and "ada" are one account.
            table.column("username", .text).notNull().unique().collate(.nocase)
            table.column("displayName", .text).notNull()
            // WebAuthn L3 §14.6.1: a random handle, never the username.
            table.column("userHandle", .blob).notNull().unique()
            table.column("passwordHash", .text)
            table.column("createdAt", .datetime).notNull()
        }
        try db.create(table: "credential") { table in
            table.column("id", .blob).primaryKey()
            table.column("userID", .text).notNull().indexed().references("user", onDelete: .cascade)
            table.column("publicKey", .blob).notNull()
            table.column("signCount", .integer).notNull()
            table.column("aaguid", .text).notNull()
            table.column("attestationFormat", .text).notNull()
            table.column("attestationType", .text).notNull()
            // Kept so the assurance can be decided again against newer metadata.
            table.column("attestationObject", .blob).notNull()
            // What the attestation proved at registration (JSON), re-judged at every sign-in.
            table.column("evidence", .text).notNull()
            table.column("backupEligible", .boolean).notNull()
            table.column("backupState", .boolean).notNull()
            table.column("transports", .text).notNull()
            table.column("attachment", .text)
            table.column("assurance", .text).notNull()
            table.column("assuranceReasons", .text).notNull()
            table.column("name", .text)
            table.column("createdAt", .datetime).notNull()
            table.column("lastUsedAt", .datetime)
            // When a high-assurance key starts to count for step-up (the new-key hold).
            table.column("stepUpAfter", .datetime)
        }
        try db.create(table: "ceremony") { table in
            table.column("id", .text).primaryKey()
            table.column("kind", .text).notNull()
            table.column("challenge", .blob).notNull()
            table.column("userID", .text).references("user", onDelete: .cascade)
            table.column("pendingUsername", .text)
            table.column("pendingDisplayName", .text)
            table.column("pendingUserHandle", .blob)
            table.column("authorizationRequestID", .text)
            table.column("requireUserVerification", .boolean).notNull()
            table.column("requiredAssurance", .text)
            table.column("allowedCredentialIDs", .text).notNull()
            table.column("createdAt", .datetime).notNull()
            table.column("expiresAt", .datetime).notNull().indexed()
            table.column("consumedAt", .datetime)
        }
        try db.create(table: "session") { table in
            // SHA-256 of the cookie's secret: a copy of the database cannot be used to sign in.
            table.column("id", .text).primaryKey()
            table.column("userID", .text).notNull().indexed().references("user", onDelete: .cascade)
            table.column("createdAt", .datetime).notNull()
            table.column("lastSeenAt", .datetime).notNull()
            table.column("idleExpiresAt", .datetime).notNull()
            table.column("absoluteExpiresAt", .datetime).notNull().indexed()
        }
        try db.create(table: "sessionEvent") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("sessionID", .text).notNull().indexed().references("session", onDelete: .cascade)
            table.column("credentialID", .blob)
            table.column("acr", .text).notNull()
            table.column("amr", .text).notNull()
            table.column("authTime", .datetime).notNull()
        }
    }
}
