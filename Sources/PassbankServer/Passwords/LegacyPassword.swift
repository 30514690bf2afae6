import Foundation
import HummingbirdBcrypt
import NIOPosix

/// The legacy password: bcrypt hashes (HummingbirdBcrypt), computed off the event loops.
public enum LegacyPassword {
    /// bcrypt's work factor for new hashes; verifying uses the cost stored in each hash.
    public static let defaultCost: UInt8 = 12
    /// bcrypt reads at most 72 bytes, so a longer password would be silently cut: refuse it.
    public static let maximumBytes = 72
    /// Shorter passwords are refused when set.
    public static let minimumCharacters = 10

    /// Why a new password is refused, in words for the person setting it, or `nil` when it is fine.
    public static func problem(with password: String) -> String? {
        if password.count < minimumCharacters { return "A password needs at least \(minimumCharacters) characters." }
        if password.utf8.count > maximumBytes { return "A password can be at most \(maximumBytes) bytes long (bcrypt reads no further)." }
        if password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "A password cannot contain control characters."
        }
        return nil
    }

    /// The bcrypt hash of `password` (`$2b$…`), computed on the shared thread pool.
    public static func hash(_ password: String, cost: UInt8 = defaultCost) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches `hash`. A password longer than bcrypt reads is never a match, so
    /// two passwords that share their first 72 bytes are not the same password.
    static func verify(_ password: String, hash: String) async throws -> Bool {
        guard password.utf8.count <= maximumBytes, hash.hasPrefix("$2") else {
            // Still spend the time, so the answer does not tell that the input was refused early.
            _ = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify("", hash: decoyHash) }
            return false
        }
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// A hash of nothing anyone can type, checked when the account does not exist or has no
    /// password, so that those answers take as long as a wrong password does.
    static let decoyHash = Bcrypt.hash(UUID().uuidString + UUID().uuidString, cost: defaultCost)
}
