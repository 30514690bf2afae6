import Foundation

/// The rules for usernames and display names a person chooses at sign-up.
enum AccountName {
    /// 3–64 characters: letters, digits, `.`, `_`, `-`, `@`; it identifies the account, so no
    /// spaces or look-alike punctuation.
    static func validUsername(_ raw: String?) throws(Problem) -> String {
        let username = (raw ?? "").trimmingCharacters(in: .whitespaces)
        let allowed = username.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || ".-_@".unicodeScalars.contains(scalar)
        }
        guard (3...64).contains(username.count), username.utf8.count <= 64, allowed else {
            throw Problem(
                code: "username-invalid",
                detail: "Choose a username of 3 to 64 letters, digits, dots, dashes, underscores or @."
            )
        }
        return username
    }

    /// 1–64 characters of printable text.
    static func validDisplayName(_ raw: String?, fallback: String) throws(Problem) -> String {
        let name = (raw ?? "").trimmingCharacters(in: .whitespaces)
        if name.isEmpty { return fallback }
        guard name.utf8.count <= 64,
            !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format })
        else {
            throw Problem(code: "display-name-invalid", detail: "Your name can be at most 64 characters of ordinary text.")
        }
        return name
    }
}
