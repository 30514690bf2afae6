/// The answer of a token-endpoint grant check: what to issue, or the exact error and what to revoke.
public enum GrantDecision<Grant: Sendable>: Sendable {
    /// The grant is valid: issue tokens from `Grant`, after the caller atomically marked the
    /// presented code or refresh token as used.
    case granted(Grant)
    /// The grant is refused with `error`. When `revokeFamily` is set, the caller revokes every
    /// refresh token of that family (RFC 6749 §4.1.2, RFC 9700 §4.14.2: reuse means theft).
    case refused(OAuthError, revokeFamily: String?)

    /// The error, when refused.
    public var error: OAuthError? {
        if case .refused(let error, _) = self { error } else { nil }
    }

    /// The family to revoke, when refused because of reuse.
    public var familyToRevoke: String? {
        if case .refused(_, let family) = self { family } else { nil }
    }

    /// The grant, when granted.
    public var grant: Grant? {
        if case .granted(let grant) = self { grant } else { nil }
    }
}
