/// An account number in the shape of an IBAN (ISO 13616): `PB` + two check digits + bank code
/// `PASS` + ten digits, printed in groups of four. The check digits are ISO 7064 MOD 97-10, so a
/// mistyped digit or two swapped digits are caught before any money moves.
public struct AccountNumber: Sendable, Hashable, CustomStringConvertible {
    /// The compact form: `PB12PASS0000000001`.
    public let compact: String

    static let country = "PB"
    static let bank = "PASS"
    static let serialDigits = 10

    /// The account number for a ten-digit serial, with its check digits computed.
    public init(serial: UInt64) {
        let digits = String(serial % 10_000_000_000)
        let bban = Self.bank + String(repeating: "0", count: Self.serialDigits - digits.count) + digits
        let check = 98 - Self.mod97(bban + Self.country + "00")
        compact = Self.country + (check < 10 ? "0" : "") + String(check) + bban
    }

    /// Parses a number a person typed: spaces ignored, any case.
    /// - Throws: `account-number-invalid` when the shape or the check digits are wrong.
    public init(parsing text: String) throws(BankingError) {
        let compact = String(text.filter { $0 != " " }.uppercased())
        let invalid = BankingError(
            code: "account-number-invalid",
            reason: "That isn’t a valid Passbank account number: check it against the one your payee gave you."
        )
        guard compact.utf8.count == 18, compact.hasPrefix(Self.country), compact.dropFirst(4).hasPrefix(Self.bank),
            compact.utf8.dropFirst(2).prefix(2).allSatisfy(Self.isDigit), compact.utf8.dropFirst(8).allSatisfy(Self.isDigit)
        else { throw invalid }
        // ISO 13616-1 §7.1: move the first four characters to the end; the remainder mod 97 must be 1.
        guard Self.mod97(String(compact.dropFirst(4)) + String(compact.prefix(4))) == 1 else { throw invalid }
        self.compact = compact
    }

    /// Groups of four, as people read and write it: `PB12 PASS 0000 0000 01`.
    public var description: String {
        var groups: [Substring] = []
        var rest = Substring(compact)
        while !rest.isEmpty {
            groups.append(rest.prefix(4))
            rest = rest.dropFirst(4)
        }
        return groups.joined(separator: " ")
    }

    /// ISO 7064 MOD 97-10 over digits and letters (A = 10 … Z = 35), one digit at a time.
    static func mod97(_ text: String) -> Int {
        var remainder = 0
        for byte in text.utf8 {
            if isDigit(byte) {
                remainder = (remainder * 10 + Int(byte - UInt8(ascii: "0"))) % 97
            } else {
                remainder = (remainder * 100 + Int(byte - UInt8(ascii: "A")) + 10) % 97
            }
        }
        return remainder
    }

    static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
}
