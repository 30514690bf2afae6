/// COSE algorithm identifiers (IANA "COSE Algorithms") that this verifier knows.
public struct COSEAlgorithm: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let es256 = COSEAlgorithm(rawValue: -7)
    public static let es384 = COSEAlgorithm(rawValue: -35)
    public static let es512 = COSEAlgorithm(rawValue: -36)
    public static let edDSA = COSEAlgorithm(rawValue: -8)
    /// Fully specified Ed25519 (RFC 9864).
    public static let ed25519 = COSEAlgorithm(rawValue: -19)
    public static let rs256 = COSEAlgorithm(rawValue: -257)
    public static let rs384 = COSEAlgorithm(rawValue: -258)
    public static let rs512 = COSEAlgorithm(rawValue: -259)
    public static let ps256 = COSEAlgorithm(rawValue: -37)
    public static let ps384 = COSEAlgorithm(rawValue: -38)
    public static let ps512 = COSEAlgorithm(rawValue: -39)
    public static let mlDSA65 = COSEAlgorithm(rawValue: -49)
    /// RSASSA-PKCS1-v1_5 with SHA-1: only accepted inside attestation statements that use it (TPM).
    public static let rs1 = COSEAlgorithm(rawValue: -65535)

    /// Algorithms accepted for credential public keys, in the order offered to clients.
    public static let credentialAlgorithms: [COSEAlgorithm] = [
        .es256, .edDSA, .rs256, .es384, .es512, .ps256, .ps384, .ps512, .rs384, .rs512, .ed25519, .mlDSA65,
    ]

    public var description: String {
        switch self {
        case .es256: "ES256"
        case .es384: "ES384"
        case .es512: "ES512"
        case .edDSA: "EdDSA"
        case .ed25519: "Ed25519"
        case .rs256: "RS256"
        case .rs384: "RS384"
        case .rs512: "RS512"
        case .ps256: "PS256"
        case .ps384: "PS384"
        case .ps512: "PS512"
        case .mlDSA65: "ML-DSA-65"
        case .rs1: "RS1"
        default: "COSE(\(rawValue))"
        }
    }
}
