import Banking
import Foundation

/// The rules for usernames and display names a person chooses at sign-up.
enum AccountName {
    /// A username chosen at sign-up (`Username`'s rule), as it will be shown.
    static func validUsername(_ raw: String?) throws(Problem) -> String {
        do {
            return try Username(choosing: raw).display
        } catch {
            throw Problem(code: error.code, detail: error.reason)
        }
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
