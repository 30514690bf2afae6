public import Foundation

/// A provider session: one subject and the authentication events recorded for it.
///
/// A step-up adds an event; it raises the level only when the same subject authenticated, and the
/// raised level only counts for requests whose `max_age` its `auth_time` still meets.
public struct AuthenticationSession: Sendable, Hashable, Codable {
    /// The session id, published as `sid` in ID and access tokens.
    public var id: String
    /// The subject the session belongs to (from its first event).
    public var subject: String
    /// Every event of this subject, oldest first.
    public private(set) var events: [AuthenticationEvent]

    /// Starts a session from its first authentication.
    public init(id: String, firstEvent: AuthenticationEvent) {
        self.id = id
        self.subject = firstEvent.subject
        self.events = [firstEvent]
    }

    /// Restores a session from storage, keeping only the events of `subject`.
    public init(id: String, subject: String, events: [AuthenticationEvent]) {
        self.id = id
        self.subject = subject
        self.events = events.filter { $0.subject == subject }
    }

    /// Records a step-up or re-authentication.
    ///
    /// - Returns: `false` (and records nothing) when `event` is another subject's: a different person
    ///   signing in never raises this session; the caller starts a new session instead.
    @discardableResult
    public mutating func record(_ event: AuthenticationEvent) -> Bool {
        guard event.subject == subject else { return false }
        events.append(event)
        return true
    }

    /// The newest event that satisfies `requirement` at `now`, if any.
    public func satisfyingEvent(for requirement: ACRRequirement, now: Date) -> AuthenticationEvent? {
        events.last { event in
            event.subject == subject && requirement.isSatisfied(by: event, now: now)
        }
    }

    /// The newest event of the session (what a token issued without requirements carries).
    public var latestEvent: AuthenticationEvent? { events.last }
}
