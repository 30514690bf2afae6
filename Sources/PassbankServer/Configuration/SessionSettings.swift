/// How long ceremonies and sign-in sessions last; limits against abuse, each configurable.
public struct SessionSettings: Sendable, Equatable {
    /// A WebAuthn ceremony must be answered within this time (`--ceremony-lifetime`).
    public var ceremonyLifetime: Duration
    /// A session ends after this much quiet time (`--session-idle`).
    public var idleTimeout: Duration
    /// A session ends this long after sign-in, however active (`--session-lifetime`).
    public var absoluteLifetime: Duration

    public init(
        ceremonyLifetime: Duration = .seconds(300),
        idleTimeout: Duration = .seconds(30 * 60),
        absoluteLifetime: Duration = .seconds(12 * 3600)
    ) {
        self.ceremonyLifetime = ceremonyLifetime
        self.idleTimeout = idleTimeout
        self.absoluteLifetime = absoluteLifetime
    }
}

extension Duration {
    /// Whole and fractional seconds, for `Date` arithmetic.
    var timeInterval: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
