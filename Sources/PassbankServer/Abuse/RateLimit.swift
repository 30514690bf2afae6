/// A limit against abuse: at most `count` events per `window`, refilled evenly (a token bucket
/// that holds `count` tokens and gains `count` per `window`).
public struct RateLimit: Sendable, Equatable, CustomStringConvertible {
    /// Events allowed in one window (also the largest burst).
    public var count: Int
    /// The window, between one second and one day.
    public var window: Duration

    public init(count: Int, window: Duration) {
        self.count = count
        self.window = window
    }

    /// Parses `COUNT/DURATION`, e.g. `120/1m`, `10/15m`, `5/30s`, `100/1h`.
    ///
    /// - Returns: `nil` unless the count is 1–1,000,000 and the window 1 s–24 h.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let count = Int(parts[0]), (1...1_000_000).contains(count),
            let window = Self.duration(parts[1]), window >= .seconds(1), window <= .seconds(86_400)
        else { return nil }
        self.init(count: count, window: window)
    }

    public var description: String {
        let seconds = window.components.seconds
        if seconds % 3600 == 0 { return "\(count)/\(seconds / 3600)h" }
        if seconds % 60 == 0 { return "\(count)/\(seconds / 60)m" }
        return "\(count)/\(seconds)s"
    }

    /// `30s`, `15m`, `1h` (a bare number is seconds).
    static func duration(_ text: Substring) -> Duration? {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600]
        var digits = text
        var unit: Int64 = 1
        if let last = text.last, let multiplier = units[last] {
            digits = text.dropLast()
            unit = multiplier
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let value = Int64(digits), value <= 86_400 else { return nil }
        return .seconds(value * unit)
    }
}

/// The abuse limits of sign-in (each configurable with `passbank serve`).
public struct AbuseLimits: Sendable, Equatable {
    /// Requests to the ceremony, password and token endpoints per client address (`--rate-limit-ip`).
    public var perAddress: RateLimit
    /// Passkey prompts started for one named account: username-first, welcome-back, step-up
    /// (`--rate-limit-account`).
    public var ceremoniesPerAccount: RateLimit
    /// Failed password attempts per account before its password is refused for a while
    /// (`--password-attempts`).
    public var passwordFailuresPerAccount: RateLimit

    public init(
        perAddress: RateLimit = RateLimit(count: 120, window: .seconds(60)),
        ceremoniesPerAccount: RateLimit = RateLimit(count: 30, window: .seconds(900)),
        passwordFailuresPerAccount: RateLimit = RateLimit(count: 10, window: .seconds(900))
    ) {
        self.perAddress = perAddress
        self.ceremoniesPerAccount = ceremoniesPerAccount
        self.passwordFailuresPerAccount = passwordFailuresPerAccount
    }
}
