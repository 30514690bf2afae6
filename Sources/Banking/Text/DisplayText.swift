/// Text a person types that other people will read (payee names, references, passkey names):
/// trimmed, bounded, and free of control and bidirectional-override characters, which could make a
/// name read differently on screen than it is stored.
public enum DisplayText {
    /// The cleaned text.
    /// - Throws: `code` when the text is empty (and `required`), too long, or has control characters.
    public static func validate(_ text: String?, maxLength: Int, required: Bool, code: String, what: String) throws(BankingError) -> String {
        let trimmed = (text ?? "").trimmingWhitespace()
        if trimmed.isEmpty {
            guard !required else { throw BankingError(code: code, reason: "Enter \(what).") }
            return ""
        }
        guard trimmed.count <= maxLength else {
            throw BankingError(code: code, reason: "Keep \(what) to \(maxLength) characters or fewer.")
        }
        guard !trimmed.unicodeScalars.contains(where: isForbidden) else {
            throw BankingError(code: code, reason: "\(what.prefix(1).uppercased() + what.dropFirst()) can’t contain control characters.")
        }
        return trimmed
    }

    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator:
            // Cf covers U+200E/F, U+202A–202E and U+2066–2069 (bidi controls) and zero-width joiners.
            return true
        default:
            return false
        }
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[start...end])
    }
}
