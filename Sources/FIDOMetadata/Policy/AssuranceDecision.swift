public import Foundation

/// The levels a passkey can reach (OpenID Connect EAP ACR Values 1.0), or rejection.
public enum AssuranceOutcome: String, Sendable, Hashable, Codable, CustomStringConvertible {
    /// Phishing-resistant, hardware-protected.
    case phrh
    /// Phishing-resistant.
    case phr
    /// Do not accept this credential.
    case reject

    public var description: String { rawValue }
}

/// One line of why a passkey got its level: a stable code and a sentence for operators and people.
public struct AssuranceReason: Sendable, Hashable, Codable, CustomStringConvertible {
    public let code: String
    public let text: String

    public init(_ code: String, _ text: String) {
        self.code = code
        self.text = text
    }

    public var description: String { "\(code): \(text)" }
}

/// The policy's answer: the level, the reasons in the order they were decided, and — when the
/// new-key hold applies — when the passkey will count for step-up.
public struct AssuranceDecision: Sendable, Hashable, Codable {
    public let outcome: AssuranceOutcome
    public let reasons: [AssuranceReason]
    public let countsForStepUpAt: Date?

    public init(_ outcome: AssuranceOutcome, _ reasons: [AssuranceReason], countsForStepUpAt: Date? = nil) {
        self.outcome = outcome
        self.reasons = reasons
        self.countsForStepUpAt = countsForStepUpAt
    }

    /// The reason codes, for tests and logs.
    public var reasonCodes: [String] { reasons.map(\.code) }
}

/// Settings of the assurance policy (`passbank serve` options).
public struct AssurancePolicySettings: Sendable, Hashable {
    /// The lowest FIDO certification level that can reach `phrh` (`--min-certification`, default L1).
    public var minimumCertificationLevel: CertificationLevel
    /// How long a high-assurance key added from a session below `phrh` waits (`--new-key-hold`, default 24 h).
    public var newKeyHold: Duration
    /// Whether stale metadata (past `nextUpdate`) lowers MDS-based `phrh` to `phr`.
    public var staleMetadataLowersToPHR: Bool

    public init(
        minimumCertificationLevel: CertificationLevel = .l1,
        newKeyHold: Duration = .seconds(24 * 3600),
        staleMetadataLowersToPHR: Bool = true
    ) {
        self.minimumCertificationLevel = minimumCertificationLevel
        self.newKeyHold = newKeyHold
        self.staleMetadataLowersToPHR = staleMetadataLowersToPHR
    }

    public var newKeyHoldInterval: TimeInterval {
        TimeInterval(newKeyHold.components.seconds) + TimeInterval(newKeyHold.components.attoseconds) / 1e18
    }
}
