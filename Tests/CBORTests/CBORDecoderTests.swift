import CBOR
import Foundation
import Testing

@Suite("CBOR decoder")
struct CBORDecoderTests {
    let decoder = CBORDecoder()

    // RFC 8949 Appendix A examples that fall inside the WebAuthn/CTAP2 subset.
    static let valid: [(String, CBORValue)] = [
        ("00", .unsigned(0)),
        ("17", .unsigned(23)),
        ("1818", .unsigned(24)),
        ("1903e8", .unsigned(1000)),
        ("1a000f4240", .unsigned(1_000_000)),
        ("1b000000e8d4a51000", .unsigned(1_000_000_000_000)),
        ("20", .negative(0)),
        ("3863", .negative(99)),
        ("40", .bytes([])),
        ("4401020304", .bytes([1, 2, 3, 4])),
        ("60", .text("")),
        ("6449455446", .text("IETF")),
        ("62c3bc", .text("ü")),
        ("83010203", .array([.unsigned(1), .unsigned(2), .unsigned(3)])),
        ("a201020304", .map([CBORMapEntry(.unsigned(1), .unsigned(2)), CBORMapEntry(.unsigned(3), .unsigned(4))])),
        ("f4", .bool(false)), ("f5", .bool(true)), ("f6", .null), ("f7", .undefined),
        ("c11a514b67b0", .tagged(1, .unsigned(1_363_896_240))),
    ]

    @Test("decodes RFC 8949 Appendix A examples", arguments: valid)
    func decodesValid(hex: String, expected: CBORValue) throws {
        #expect(try decoder.decode(Self.bytes(hex)) == expected)
    }

    static let invalid: [(String, CBORError.Code)] = [
        ("", .truncated),
        ("18", .truncated),
        ("19 03", .truncated),
        ("44 0102", .truncated),
        ("83 0102", .truncated),
        ("a2 0102 03", .truncated),
        ("7a ffffffff 00", .truncated),
        ("9b ffffffffffffffff", .truncated),
        ("bb ffffffffffffffff", .truncated),
        ("1817", .nonShortestEncoding),
        ("190017", .nonShortestEncoding),
        ("1a0000ffff", .nonShortestEncoding),
        ("1b00000000ffffffff", .nonShortestEncoding),
        ("3817", .nonShortestEncoding),
        ("5801 00", .nonShortestEncoding),
        ("9800", .nonShortestEncoding),
        ("b800", .nonShortestEncoding),
        ("d801 00", .nonShortestEncoding),
        ("f810", .nonShortestEncoding),
        ("5f 41 00 ff", .indefiniteLength),
        ("9f ff", .indefiniteLength),
        ("bf ff", .indefiniteLength),
        ("ff", .indefiniteLength),
        ("1c", .reservedAdditionalInformation),
        ("5d", .reservedAdditionalInformation),
        ("fc", .reservedAdditionalInformation),
        ("a2 01 02 01 03", .duplicateMapKey),
        ("a2 61 61 01 61 61 02", .duplicateMapKey),
        ("62 c3 28", .invalidUTF8),
        ("f9 3c00", .unsupportedType),
        ("fa 47c35000", .unsupportedType),
        ("fb 3ff199999999999a", .unsupportedType),
        ("f0", .unsupportedType),
        ("f820", .unsupportedType),
        ("00 00", .trailingBytes),
        ("a0 ff", .trailingBytes),
    ]

    @Test("rejects malformed and non-canonical input", arguments: invalid)
    func rejectsInvalid(hex: String, expected: CBORError.Code) {
        #expect(throws: CBORError(expected, at: 0, "")) {
            try decoder.decode(Self.bytes(hex))
        }
    }

    @Test("rejects 10,000-deep nesting without exhausting the stack")
    func rejectsDeepNesting() {
        let arrays = [UInt8](repeating: 0x81, count: 10_000) + [0x00]
        #expect(throws: CBORError(.tooDeep, at: 0, "")) { try decoder.decode(arrays) }
        let maps = Array([[UInt8]](repeating: [0xA1, 0x00], count: 10_000).joined()) + [0x00]
        #expect(throws: CBORError(.tooDeep, at: 0, "")) { try decoder.decode(maps) }
        let tags = [UInt8](repeating: 0xC1, count: 10_000) + [0x00]
        #expect(throws: CBORError(.tooDeep, at: 0, "")) { try decoder.decode(tags) }
    }

    @Test("accepts nesting up to the configured depth")
    func acceptsDepthLimit() throws {
        let exact = [UInt8](repeating: 0x81, count: 15) + [0x00]
        _ = try decoder.decode(exact)
        let custom = CBORDecoder(limits: .init(maxDepth: 2))
        #expect(throws: CBORError(.tooDeep, at: 0, "")) { try custom.decode([0x81, 0x81, 0x00]) }
    }

    @Test("rejects input above the size limit")
    func rejectsOversized() {
        let small = CBORDecoder(limits: .init(maxInputSize: 8))
        #expect(throws: CBORError(.tooLarge, at: 0, "")) { try small.decode([0x49] + [UInt8](repeating: 0, count: 9)) }
    }

    @Test("reports the offset of trailing bytes and of the error")
    func reportsOffsets() {
        do {
            _ = try decoder.decode([0x01, 0x02, 0x03])
            Issue.record("expected trailing-bytes")
        } catch {
            #expect(error.code == .trailingBytes)
            #expect(error.offset == 1)
        }
        do {
            _ = try decoder.decode([0x82, 0x01, 0x18, 0x01])
            Issue.record("expected non-shortest")
        } catch {
            #expect(error.offset == 2)
        }
    }

    @Test("returns the exact byte range of a prefix item")
    func prefixRange() throws {
        let input: [UInt8] = [0xFF, 0xA1, 0x01, 0x42, 0xAA, 0xBB, 0x07]
        let (value, range) = try decoder.decodePrefix(input, from: 1)
        #expect(range == 1..<6)
        #expect(value[int: 1] == .bytes([0xAA, 0xBB]))
    }

    @Test("round-trips through the encoder", arguments: valid.map(\.1))
    func roundTrip(value: CBORValue) throws {
        #expect(try decoder.decode(CBOREncoder.encode(value)) == value)
    }

    @Test("integer helpers")
    func integers() {
        #expect(CBORValue.int(-7) == .negative(6))
        #expect(CBORValue.negative(6).intValue == -7)
        #expect(CBORValue.unsigned(.max).intValue == nil)
        #expect(CBORValue.text("x").intValue == nil)
    }

    @Test("every error code has a negative test in this file")
    func everyCodeTested() throws {
        let source = try String(contentsOfFile: #filePath, encoding: .utf8)
        for code in CBORError.Code.allCases {
            #expect(source.contains("CBORError(.\(code),") || source.contains(", .\(code))"), "no test case for .\(code)")
        }
    }

    @Test("every error code has a stable string")
    func codes() {
        #expect(CBORError.Code.allCases.map(\.rawValue).allSatisfy { !$0.isEmpty && $0 == $0.lowercased() })
        #expect(CBORError(.truncated, at: 0, "a") == CBORError(.truncated, at: 5, "b"))
    }

    static func bytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.filter { !$0.isWhitespace })
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
    }
}
