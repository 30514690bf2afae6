/// Attestation types (WebAuthn L3 §6.5.3).
public enum AttestationType: String, Sendable, Hashable, Codable {
    case none = "None"
    case `self` = "Self"
    case basic = "Basic"
    case attestationCA = "AttCA"
    case anonymizationCA = "AnonCA"
}
