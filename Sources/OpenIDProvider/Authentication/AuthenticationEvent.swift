public import Foundation

/// One authentication of a person inside a provider session: which credential, at which level, when.
///
/// Sessions keep every event; tokens carry the `acr`, `amr` and `auth_time` of the event that satisfied
/// the authorization request.
public struct AuthenticationEvent: Sendable, Hashable, Codable {
    /// The person's stable subject identifier (`sub`).
    public var subject: String
    /// The passkey's credential id (base64url), or `nil` for the legacy password.
    public var credentialID: String?
    /// The level this sign-in reached.
    public var acr: AuthenticationContextClass
    /// Authentication method references (RFC 8176), e.g. `["hwk", "user", "mfa"]`.
    public var amr: [String]
    /// When the person authenticated (`auth_time`).
    public var authTime: Date

    /// Creates an event.
    public init(subject: String, credentialID: String?, acr: AuthenticationContextClass, amr: [String], authTime: Date) {
        self.subject = subject
        self.credentialID = credentialID
        self.acr = acr
        self.amr = amr
        self.authTime = authTime
    }

    /// `auth_time` as whole seconds since 1970, as it appears in tokens.
    public var authTimeSeconds: Int64 { Int64(authTime.timeIntervalSince1970.rounded(.down)) }
}
