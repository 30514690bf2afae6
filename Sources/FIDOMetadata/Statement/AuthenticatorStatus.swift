import Foundation

/// A status report's `status` (FIDO MDS3 §3.1.4 AuthenticatorStatus). Unknown values are kept as they
/// came, so a new status in a future BLOB never breaks parsing.
public struct AuthenticatorStatus: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let notFIDOCertified = Self(rawValue: "NOT_FIDO_CERTIFIED")
    public static let fidoCertified = Self(rawValue: "FIDO_CERTIFIED")
    public static let userVerificationBypass = Self(rawValue: "USER_VERIFICATION_BYPASS")
    public static let attestationKeyCompromise = Self(rawValue: "ATTESTATION_KEY_COMPROMISE")
    public static let userKeyRemoteCompromise = Self(rawValue: "USER_KEY_REMOTE_COMPROMISE")
    public static let userKeyPhysicalCompromise = Self(rawValue: "USER_KEY_PHYSICAL_COMPROMISE")
    public static let updateAvailable = Self(rawValue: "UPDATE_AVAILABLE")
    public static let revoked = Self(rawValue: "REVOKED")
    public static let retired = Self(rawValue: "RETIRED")
    public static let selfAssertionSubmitted = Self(rawValue: "SELF_ASSERTION_SUBMITTED")

    /// The statuses DESIGN.md lists as "do not trust": a credential of such an authenticator is rejected.
    public static let doNotTrust: Set<AuthenticatorStatus> = [
        .revoked, .userVerificationBypass, .attestationKeyCompromise, .userKeyRemoteCompromise,
        .userKeyPhysicalCompromise, .retired,
    ]

    public var isDoNotTrust: Bool { Self.doNotTrust.contains(self) }

    /// The certification level this status states, if it is a certification status. FIDO MDS3 §3.1.4:
    /// `FIDO_CERTIFIED` is the legacy name of level 1.
    public var certificationLevel: CertificationLevel? {
        switch rawValue {
        case "FIDO_CERTIFIED", "FIDO_CERTIFIED_L1": return .l1
        case "FIDO_CERTIFIED_L1plus": return .l1plus
        case "FIDO_CERTIFIED_L2": return .l2
        case "FIDO_CERTIFIED_L2plus": return .l2plus
        case "FIDO_CERTIFIED_L3": return .l3
        case "FIDO_CERTIFIED_L3plus": return .l3plus
        default: return nil
        }
    }
}

/// FIDO Authenticator certification levels, ordered (FIDO MDS3 §3.1.4).
public enum CertificationLevel: Int, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
    case l1 = 10, l1plus = 15, l2 = 20, l2plus = 25, l3 = 30, l3plus = 35

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .l1: "L1"
        case .l1plus: "L1+"
        case .l2: "L2"
        case .l2plus: "L2+"
        case .l3: "L3"
        case .l3plus: "L3+"
        }
    }

    /// Parses `L1`, `L2+`, `L3plus` or a status name such as `FIDO_CERTIFIED_L2`.
    public init?(_ text: String) {
        let name = text.hasPrefix("FIDO_CERTIFIED") ? text : "FIDO_CERTIFIED_" + text.replacingOccurrences(of: "+", with: "plus")
        guard let level = AuthenticatorStatus(rawValue: name).certificationLevel else { return nil }
        self = level
    }
}
