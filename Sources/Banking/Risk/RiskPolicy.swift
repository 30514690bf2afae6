public import Foundation

/// When the bank asks for more than the token proves (DESIGN.md flow 5, RFC 9470): one pure
/// function of the operation, the token's authentication, the time and the settings.
public enum RiskPolicy {
    /// What a request may do.
    public enum Operation: Sendable, Hashable {
        /// Reading accounts, history, payees, passkeys.
        case read
        /// Renaming a passkey (changes nothing about security).
        case renamePasskey
        /// Moving money.
        case transfer(Money)
        /// Adding a payee: high-risk, the way money leaves an account.
        case addPayee
        /// Removing a passkey: high-risk, the way an attacker locks the owner out.
        case removePasskey
    }

    /// The answer.
    public enum Decision: Sendable, Hashable {
        case allow
        /// RFC 9470 §3: authenticate again with `acr`, no longer than `maxAge` seconds ago (when given).
        case stepUp(acr: String, maxAge: Int?)
        /// Refused whatever the authentication.
        case deny(reason: String)
    }

    /// The `acr` values this bank knows (OpenID Connect EAP ACR Values; `pwd` is local).
    public enum Strength: Int, Sendable, Comparable {
        case password = 0
        case phishingResistant = 1
        case hardwareProtected = 2

        public init?(acr: String) {
            switch acr {
            case "pwd": self = .password
            case "phr": self = .phishingResistant
            case "phrh": self = .hardwareProtected
            default: return nil
            }
        }

        public static func < (lhs: Strength, rhs: Strength) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Decides `operation` for a token with `acr` whose authentication happened at `authTime`.
    public static func decide(_ operation: Operation, acr: String, authTime: Date, now: Date, settings: RiskSettings) -> Decision {
        guard let strength = Strength(acr: acr) else { return .deny(reason: "The way this sign-in was made is not recognised.") }
        let highRisk: Decision = .stepUp(acr: "phrh", maxAge: settings.stepUpMaxAge)
        // RFC 9470 §3: acr and the age of auth_time are both part of the requirement
        let freshHardware = strength == .hardwareProtected && now.timeIntervalSince(authTime) <= TimeInterval(settings.stepUpMaxAge)
        switch operation {
        case .read:
            return .allow
        case .renamePasskey:
            return strength >= .phishingResistant ? .allow : .stepUp(acr: "phr", maxAge: nil)
        case .addPayee, .removePasskey:
            return freshHardware ? .allow : highRisk
        case .transfer(let amount):
            if amount.currency == settings.maximumTransfer.currency, amount.minorUnits > settings.maximumTransfer.minorUnits {
                return .deny(
                    reason: "A single transfer can be at most \(settings.maximumTransfer.decimalString) \(settings.maximumTransfer.currency.code)."
                )
            }
            // Another currency than the threshold's is treated as large: the rule never under-asks.
            if amount.currency != settings.stepUpThreshold.currency || amount.isAtLeast(settings.stepUpThreshold) {
                return freshHardware ? .allow : highRisk
            }
            return strength >= .phishingResistant ? .allow : .stepUp(acr: "phr", maxAge: nil)
        }
    }
}
