/// The numbers behind the risk policy and the ledger's limits; every one configurable
/// (`passbank serve --step-up-threshold`, `--step-up-max-age`, `--step-up-window`, `--one-factor-may`,
/// `--daily-limit`, `--max-transfer`).
public struct RiskSettings: Sendable, Hashable {
    /// What a sign-in without user verification (UV=0, one factor) may do without stepping up.
    public enum OneFactorScope: String, Sendable, Hashable, CaseIterable {
        /// Read, and move money between the person's own accounts below the threshold (default).
        case ownTransfers = "own-transfers"
        /// Read only.
        case read
    }

    /// Transfers of this amount or more need a fresh `phrh` (DESIGN.md: 1,000.00); payments to payees
    /// count cumulatively towards it within `cumulativeWindow`.
    public var stepUpThreshold: Money
    /// How old a `phrh` authentication may be for a high-risk operation, in seconds (RFC 9470 `max_age`).
    public var stepUpMaxAge: Int
    /// The rolling window, in seconds, over which payments to payees since the last strongly
    /// authenticated transfer add up towards the threshold.
    public var cumulativeWindow: Int
    /// What a one-factor (UV=0) sign-in may do.
    public var oneFactorMay: OneFactorScope
    /// The most that may go to payees per person per UTC day.
    public var dailyLimit: Money
    /// The largest single transfer; anything above is refused outright.
    public var maximumTransfer: Money

    public init(
        stepUpThreshold: Money,
        stepUpMaxAge: Int,
        cumulativeWindow: Int = 86_400,
        oneFactorMay: OneFactorScope = .ownTransfers,
        dailyLimit: Money,
        maximumTransfer: Money
    ) {
        self.stepUpThreshold = stepUpThreshold
        self.stepUpMaxAge = stepUpMaxAge
        self.cumulativeWindow = cumulativeWindow
        self.oneFactorMay = oneFactorMay
        self.dailyLimit = dailyLimit
        self.maximumTransfer = maximumTransfer
    }

    /// 1,000.00 EUR (cumulative over 24 h to payees), 300 s, one factor moves only between own
    /// accounts, 10,000.00 EUR a day, 50,000.00 EUR at most.
    public static let standard = RiskSettings(
        stepUpThreshold: Money(minorUnits: 100_000, currency: .euro),
        stepUpMaxAge: 300,
        dailyLimit: Money(minorUnits: 1_000_000, currency: .euro),
        maximumTransfer: Money(minorUnits: 5_000_000, currency: .euro)
    )
}
