extension Money {
    /// The most integer digits an amount may have: 10^15 - 1 in minor units of up to three digits
    /// still fits an `Int64` with room for sums.
    public static let maximumIntegerDigits = 15

    /// Parses the wire form: `"1500.00"` — optional `-`, no leading zeros, no exponent, no
    /// grouping, and exactly the currency's minor digits after a `.` (none for a currency without them).
    /// - Throws: `amount-invalid` for any other text.
    public init(decimal text: String, currency: Currency) throws(BankingError) {
        var bytes = Substring(text).utf8[...]
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { bytes = bytes.dropFirst() }
        let point = bytes.firstIndex(of: UInt8(ascii: "."))
        let integer = point.map { bytes[..<$0] } ?? bytes
        let fraction = point.map { bytes[bytes.index(after: $0)...] } ?? bytes[bytes.endIndex...]
        guard Self.isDigits(integer), integer.count <= Self.maximumIntegerDigits,
            integer.count == 1 || integer.first != UInt8(ascii: "0"),
            currency.minorDigits == 0 ? point == nil : (fraction.count == currency.minorDigits && Self.isDigits(fraction))
        else { throw BankingError.amountInvalid(currency) }
        var units: Int64 = 0
        // At most 15 + 3 digits: no overflow is possible, but the arithmetic stays checked.
        for byte in integer.concatenated(with: fraction) {
            let (scaled, overflowA) = units.multipliedReportingOverflow(by: 10)
            let (next, overflowB) = scaled.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            guard !overflowA, !overflowB else { throw BankingError.amountInvalid(currency) }
            units = next
        }
        // "-0.00" is zero written two ways: only "0.00" is the wire form, so whatever parses prints back identically.
        guard !negative || units != 0 else { throw BankingError.amountInvalid(currency) }
        self.init(minorUnits: negative ? -units : units, currency: currency)
    }

    /// The wire form: `"1500.00"`, `"-50.00"`.
    public var decimalString: String {
        let magnitude = String(minorUnits.magnitude)
        let digits = currency.minorDigits
        let padded = magnitude.count <= digits ? String(repeating: "0", count: digits - magnitude.count + 1) + magnitude : magnitude
        let sign = minorUnits < 0 ? "-" : ""
        guard digits > 0 else { return sign + padded }
        return sign + padded.dropLast(digits) + "." + padded.suffix(digits)
    }

    static func isDigits(_ bytes: Substring.UTF8View.SubSequence) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}

extension Substring.UTF8View.SubSequence {
    fileprivate func concatenated(with other: Self) -> [UInt8] { Array(self) + Array(other) }
}
