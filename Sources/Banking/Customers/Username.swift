import Foundation

/// The name a person signs in with, and the one spelling of it that every lookup and every limit uses.
///
/// Two typed names are the same account exactly when their ``key(_:)`` is equal: surrounding
/// whitespace is dropped, compatibility forms are unified (Unicode NFKC: full-width letters, ligatures,
/// a precomposed `é` and `e` + combining acute) and case is folded. The database, the sign-in and
/// step-up lookups and the per-account limits all go through it, so no spelling reaches an account
/// without also reaching its limits.
public struct Username: Sendable, Hashable, CustomStringConvertible {
    /// As shown to the person: trimmed and in NFKC, case as chosen.
    public let display: String
    /// The canonical key (see ``key(_:)``).
    public let key: String

    /// Validates a username chosen at sign-up: 3–64 letters, digits, `.`, `_`, `-` or `@` once
    /// normalised (no spaces, controls or look-alike punctuation: it identifies the account).
    /// - Throws: `BankingError` `username-invalid`.
    public init(choosing raw: String?) throws(BankingError) {
        let display = Self.normalized(raw ?? "")
        let allowed = display.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || ".-_@".unicodeScalars.contains(scalar)
        }
        guard (3...64).contains(display.count), display.utf8.count <= 64, allowed else {
            throw BankingError(
                code: "username-invalid",
                reason: "Choose a username of 3 to 64 letters, digits, dots, dashes, underscores or @."
            )
        }
        self.display = display
        self.key = Self.key(display)
    }

    public var description: String { display }

    /// The canonical key of any typed name, valid or not: NFKC, case folded, NFKC again (folding can
    /// un-normalise), with surrounding whitespace removed. Total: every string has one.
    public static func key(_ raw: String) -> String {
        normalized(normalized(raw).lowercased())
    }

    /// Trimmed of Unicode whitespace at both ends, then NFKC.
    static func normalized(_ raw: String) -> String {
        let scalars = raw.unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[start...end]).precomposedStringWithCompatibilityMapping
    }
}
