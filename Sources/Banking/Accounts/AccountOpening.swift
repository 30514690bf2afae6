/// The accounts every customer gets at sign-up (DESIGN.md flow 1), with demo money.
public struct AccountOpening: Sendable, Hashable {
    /// The account's name as the person sees it.
    public let name: String
    /// What it starts with.
    public let openingBalance: Money

    /// Everyday 5,000.00 EUR and Savings 10,000.00 EUR, in that order.
    public static let standard: [AccountOpening] = [
        AccountOpening(name: "Everyday", openingBalance: Money(minorUnits: 500_000, currency: .euro)),
        AccountOpening(name: "Savings", openingBalance: Money(minorUnits: 1_000_000, currency: .euro)),
    ]
}
