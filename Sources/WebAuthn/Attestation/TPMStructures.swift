/// Big-endian reader for TPM 2.0 structures (TPM 2.0 Library Part 2).
struct TPMReader {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { position == bytes.count }

    mutating func take(_ count: Int) throws(WebAuthnError) -> [UInt8] {
        guard count >= 0, bytes.count - position >= count else {
            throw WebAuthnError(.tpmCertInfoInvalid, "A TPM structure is truncated.")
        }
        defer { position += count }
        return Array(bytes[position..<position + count])
    }

    mutating func uint16() throws(WebAuthnError) -> UInt16 {
        try take(2).reduce(0) { ($0 << 8) | UInt16($1) }
    }

    mutating func uint32() throws(WebAuthnError) -> UInt32 {
        try take(4).reduce(0) { ($0 << 8) | UInt32($1) }
    }

    /// A TPM2B: a 16-bit size followed by that many bytes.
    mutating func sized() throws(WebAuthnError) -> [UInt8] {
        try take(Int(try uint16()))
    }
}

/// TPM algorithm and structure constants (TPM 2.0 Library Part 2 §6).
enum TPMConstant {
    static let generatedValue: UInt32 = 0xFF54_4347  // TPM_GENERATED_VALUE
    static let attestCertify: UInt16 = 0x8017  // TPM_ST_ATTEST_CERTIFY
    static let algRSA: UInt16 = 0x0001
    static let algECC: UInt16 = 0x0023
    static let algNull: UInt16 = 0x0010
    static let algSHA1: UInt16 = 0x0004
    static let algSHA256: UInt16 = 0x000B
    static let algSHA384: UInt16 = 0x000C
    static let algSHA512: UInt16 = 0x000D
}

/// TPMT_PUBLIC, the credential key as the TPM describes it (Part 2 §12.2.4).
struct TPMPublicArea {
    enum Key: Equatable {
        case rsa(modulus: [UInt8], exponent: UInt32)
        case ecc(curve: UInt16, x: [UInt8], y: [UInt8])
    }

    let nameAlgorithm: UInt16
    let key: Key

    init(_ bytes: [UInt8]) throws(WebAuthnError) {
        var r = TPMReader(bytes)
        func fail() -> WebAuthnError { WebAuthnError(.tpmPubAreaMismatch, "pubArea is malformed.") }
        do {
            let type = try r.uint16()
            nameAlgorithm = try r.uint16()
            _ = try r.uint32()  // objectAttributes
            _ = try r.sized()  // authPolicy
            switch type {
            case TPMConstant.algRSA:
                // TPMS_RSA_PARMS: symmetric, scheme (+hash), keyBits, exponent.
                guard try r.uint16() == TPMConstant.algNull else { throw fail() }
                if try r.uint16() != TPMConstant.algNull { _ = try r.uint16() }
                _ = try r.uint16()
                let exponent = try r.uint32()
                let modulus = try r.sized()
                key = .rsa(modulus: modulus, exponent: exponent == 0 ? 65537 : exponent)
            case TPMConstant.algECC:
                // TPMS_ECC_PARMS: symmetric, scheme (+hash), curveID, kdf (+hash).
                guard try r.uint16() == TPMConstant.algNull else { throw fail() }
                if try r.uint16() != TPMConstant.algNull { _ = try r.uint16() }
                let curve = try r.uint16()
                if try r.uint16() != TPMConstant.algNull { _ = try r.uint16() }
                let x = try r.sized()
                let y = try r.sized()
                key = .ecc(curve: curve, x: x, y: y)
            default:
                throw fail()
            }
        } catch {
            throw fail()
        }
        guard r.isAtEnd else { throw fail() }
    }
}

/// TPMS_ATTEST of type TPM_ST_ATTEST_CERTIFY (Part 2 §10.12.12).
struct TPMCertifyInfo {
    let magic: UInt32
    let type: UInt16
    let extraData: [UInt8]
    let attestedName: [UInt8]

    init(_ bytes: [UInt8]) throws(WebAuthnError) {
        var r = TPMReader(bytes)
        magic = try r.uint32()
        type = try r.uint16()
        _ = try r.sized()  // qualifiedSigner
        extraData = try r.sized()
        _ = try r.take(17)  // clockInfo
        _ = try r.take(8)  // firmwareVersion
        attestedName = try r.sized()
        _ = try r.sized()  // qualifiedName
        guard r.isAtEnd else {
            throw WebAuthnError(.tpmCertInfoInvalid, "Bytes trail certInfo.")
        }
    }
}
