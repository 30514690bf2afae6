/// The numbers behind the risk policy and the ledger's limits; every one configurable
/// (`passbank serve --step-up-threshold`, `--step-up-max-age`, `--daily-limit`, `--max-transfer`).
public struct RiskSettings: Sendable, Hashable {
    /// Transfers of this amount or more need a fresh `phrh` (DESIGN.md: 1,000.00).
    public var stepUpThreshold: Money
    /// How old a `phrh` authentication may be for a high-risk operation, in seconds (RFC 9470 `max_age`).
    public var stepUpMaxAge: Int
    /// The most that may go to payees per person per UTC day.
    public var dailyLimit: Money
    /// The largest single transfer; anything above is refused outright.
    public var maximumTransfer: Money

    public init(stepUpThreshold: Money, stepUpMaxAge: Int, dailyLimit: Money, maximumTransfer: Money) {
        self.stepUpThreshold = stepUpThreshold
        self.stepUpMaxAge = stepUpMaxAge
        self.dailyLimit = dailyLimit
        self.maximumTransfer = maximumTransfer
    }

    /// 1,000.00 EUR, 300 s, 10,000.00 EUR a day, 50,000.00 EUR at most.
    public static let standard = RiskSettings(
        stepUpThreshold: Money(minorUnits: 100_000, currency: .euro),
        stepUpMaxAge: 300,
        dailyLimit: Money(minorUnits: 1_000_000, currency: .euro),
        maximumTransfer: Money(minorUnits: 5_000_000, currency: .euro)
    )
}
