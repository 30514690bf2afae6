public import Foundation

/// What a person has agreed to give one third-party client (OIDC Core §3.1.2.4): the scopes they
/// approved, together, over every consent they gave it, and when they last approved.
public struct Consent: Sendable, Hashable {
    /// Every scope the person has approved for the client.
    public var scopes: Set<String>
    /// When the person last approved a request of the client.
    public var grantedAt: Date

    /// Creates a consent.
    public init(scopes: Set<String>, grantedAt: Date) {
        self.scopes = scopes
        self.grantedAt = grantedAt
    }

    /// Whether the person already agreed to every scope in `requested`.
    public func covers(_ requested: some Sequence<String>) -> Bool {
        requested.allSatisfy(scopes.contains)
    }

    /// The consent after the person approves `requested` at `now`: what they gave before, and these.
    public func adding(_ requested: some Sequence<String>, at now: Date) -> Consent {
        Consent(scopes: scopes.union(requested), grantedAt: now)
    }
}
