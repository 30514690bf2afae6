public import Foundation
public import Storage
import WebAuthn

/// Accounts that sign in with a password, as a bank migrating from passwords has them: opened and
/// given passwords by the operator (`passbank users`), offered a passkey after each sign-in.
public enum LegacyAccounts {
    /// Why the operator's input is refused.
    public struct Refusal: Error, CustomStringConvertible {
        public let description: String
    }

    /// Opens an account `username` with `password` and no passkey yet.
    ///
    /// - Throws: `Refusal` for an invalid name or password or a taken username.
    public static func create(
        username: String,
        displayName: String?,
        password: String,
        database: AppDatabase,
        cost: UInt8 = LegacyPassword.defaultCost,
        now: Date = Date()
    ) async throws -> UserRecord {
        let name: String
        let display: String
        do {
            name = try AccountName.validUsername(username)
            display = try AccountName.validDisplayName(displayName, fallback: name)
        } catch {
            throw Refusal(description: error.detail)
        }
        if let problem = LegacyPassword.problem(with: password) { throw Refusal(description: problem) }
        var generator = SystemRandomNumberGenerator()
        let user = UserRecord(
            id: UUID().uuidString.lowercased(),
            username: name,
            displayName: display,
            userHandle: Data(RelyingParty.makeUserHandle(using: &generator)),
            passwordHash: try await LegacyPassword.hash(password, cost: cost),
            createdAt: now
        )
        do {
            try database.insertUser(user)
        } catch {
            throw Refusal(description: "\(error.reason) Choose another username.")
        }
        return user
    }

    /// Sets a new password for `username`, or removes it (`password` nil) so only passkeys sign in.
    ///
    /// - Throws: `Refusal` for an unknown account or a password that is not accepted.
    public static func setPassword(
        _ password: String?,
        username: String,
        database: AppDatabase,
        cost: UInt8 = LegacyPassword.defaultCost
    ) async throws {
        var hash: String?
        if password == nil, let user = try database.user(username: username), try database.credentials(userID: user.id).isEmpty {
            // Never remove the last way to sign in.
            throw Refusal(description: "'\(username)' has no passkey yet; removing its password would lock the person out.")
        }
        if let password {
            if let problem = LegacyPassword.problem(with: password) { throw Refusal(description: problem) }
            hash = try await LegacyPassword.hash(password, cost: cost)
        }
        guard try database.setPasswordHash(username: username, to: hash) else {
            throw Refusal(description: "There is no account named '\(username)'.")
        }
    }
}
