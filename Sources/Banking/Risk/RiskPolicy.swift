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
        /// Moving money between the person's own accounts.
        case transfer(Money)
        /// Sending money to a payee; `sentRecently` is what went to payees within the cumulative
        /// window since the last transfer confirmed with a fresh `phrh` (PSD2 RTS Art. 16 counts
        /// its low-value exemption the same way: since the last strong authentication).
        case payment(Money, sentRecently: Money)
        /// Adding a payee: high-risk, the way money leaves an account.
        case addPayee
        /// Removing a passkey: high-risk, the way an attacker locks the owner out.
        case removePasskey
    }

    /// How the token's holder authenticated.
    public struct Authentication: Sendable, Hashable {
        /// The token's `acr`.
        public var acr: String
        /// The token's `auth_time`.
        public var authTime: Date
        /// Whether the authenticator verified the person (UV=1: `amr` has `user`); a passkey used
        /// without it is one factor.
        public var userVerified: Bool

        public init(acr: String, authTime: Date, userVerified: Bool) {
            self.acr = acr
            self.authTime = authTime
            self.userVerified = userVerified
        }
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

    /// Whether `authentication` is a `phrh` no older than the step-up max age (RFC 9470 §3: acr and
    /// the age of auth_time are both part of the requirement).
    public static func isFreshHighAssurance(_ authentication: Authentication, now: Date, settings: RiskSettings) -> Bool {
        Strength(acr: authentication.acr) == .hardwareProtected
            && now.timeIntervalSince(authentication.authTime) <= TimeInterval(settings.stepUpMaxAge)
    }

    /// Decides `operation` for a token whose holder authenticated as `authentication`.
    public static func decide(_ operation: Operation, by authentication: Authentication, now: Date, settings: RiskSettings) -> Decision {
        guard let strength = Strength(acr: authentication.acr) else { return .deny(reason: "The way this sign-in was made is not recognised.") }
        let highRisk: Decision = .stepUp(acr: "phrh", maxAge: settings.stepUpMaxAge)
        let freshHardware = isFreshHighAssurance(authentication, now: now, settings: settings)
        // A passkey used without user verification is one factor: it may read, and move money only
        // as far as the settings allow; anything more asks for phrh, whose ceremony requires UV.
        let oneFactor = strength >= .phishingResistant && !authentication.userVerified
        switch operation {
        case .read:
            return .allow
        case .renamePasskey:
            return strength >= .phishingResistant ? .allow : .stepUp(acr: "phr", maxAge: nil)
        case .addPayee, .removePasskey:
            return freshHardware ? .allow : highRisk
        case .transfer(let amount), .payment(let amount, _):
            if amount.currency == settings.maximumTransfer.currency, amount.minorUnits > settings.maximumTransfer.minorUnits {
                return .deny(
                    reason: "A single transfer can be at most \(settings.maximumTransfer.decimalString) \(settings.maximumTransfer.currency.code)."
                )
            }
            if freshHardware { return .allow }
            if isLarge(operation, settings: settings) { return highRisk }
            if strength < .phishingResistant { return .stepUp(acr: "phr", maxAge: nil) }
            if oneFactor, case .payment = operation { return highRisk }
            if oneFactor, settings.oneFactorMay == .read { return highRisk }
            return .allow
        }
    }

    /// A transfer at or above the threshold, or a payment that takes what went to payees since the
    /// last strong authentication to it. Another currency than the threshold's is treated as large:
    /// the rule never under-asks.
    static func isLarge(_ operation: Operation, settings: RiskSettings) -> Bool {
        let threshold = settings.stepUpThreshold
        switch operation {
        case .transfer(let amount):
            return amount.currency != threshold.currency || amount.isAtLeast(threshold)
        case .payment(let amount, let sentRecently):
            guard amount.currency == threshold.currency, sentRecently.currency == threshold.currency,
                let total = try? amount.adding(sentRecently)
            else { return true }
            return total.isAtLeast(threshold)
        default:
            return false
        }
    }
}
