public import Foundation

/// What an authorization request demands of the authentication: a minimum `acr` and a maximum age.
public struct ACRRequirement: Sendable, Hashable, Codable {
    /// Acceptable `acr` values in order of preference, or empty for "any".
    public var acceptable: [AuthenticationContextClass]
    /// Whether the client marked `acr` essential (OIDC Core §5.5.1.1).
    public var isEssential: Bool
    /// The largest allowed age of `auth_time`, in seconds (OIDC Core §3.1.2.1 `max_age`).
    public var maxAge: Int?

    /// Creates a requirement.
    public init(acceptable: [AuthenticationContextClass] = [], isEssential: Bool = false, maxAge: Int? = nil) {
        self.acceptable = acceptable
        self.isEssential = isEssential
        self.maxAge = maxAge
    }

    /// The weakest acceptable level, or `nil` when any level will do.
    ///
    /// `phrh` satisfies `phr`, so a request for `phr phrh` needs at least `phr`.
    public var minimum: AuthenticationContextClass? { acceptable.min() }

    /// Whether `event` meets the level and is recent enough at `now`.
    public func isSatisfied(by event: AuthenticationEvent, now: Date) -> Bool {
        if let minimum, !event.acr.satisfies(minimum) { return false }
        // OIDC Core §3.1.2.1: max_age is the allowable elapsed time since the last active authentication
        if let maxAge, now.timeIntervalSince(event.authTime) > TimeInterval(maxAge) { return false }
        return true
    }
}
