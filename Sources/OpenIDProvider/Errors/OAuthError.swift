/// The one error of the OpenID provider: an RFC 6749 / OIDC Core / RFC 9470 error code,
/// a safe one-sentence description, and whether the error may go back to the client's redirect URI.
///
/// Two errors are equal when their codes are equal. The description never contains secrets
/// (no tokens, codes, verifiers or client secrets); it is safe to show and to log.
public struct OAuthError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The error string of the spec that defines it, e.g. `invalid_request`.
    public let code: String
    /// A short, safe sentence for `error_description`.
    public let description: String
    /// Whether the error may be sent to the (verified) redirect URI. When `false` the server shows
    /// it on a page: the client or its redirect URI could not be trusted (RFC 6749 §4.1.2.1).
    public let isRedirectable: Bool

    /// Creates an error with a code from the OAuth/OIDC registries.
    public init(code: String, description: String, isRedirectable: Bool = true) {
        self.code = code
        self.description = description
        self.isRedirectable = isRedirectable
    }

    public static func == (lhs: OAuthError, rhs: OAuthError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// The same error, marked as not redirectable (shown on a page instead).
    public var notRedirectable: OAuthError {
        OAuthError(code: code, description: description, isRedirectable: false)
    }
}

extension OAuthError {
    // RFC 6749 §4.1.2.1 and §5.2
    /// The request is missing a parameter, repeats one, or is otherwise malformed.
    public static func invalidRequest(_ description: String) -> OAuthError {
        OAuthError(code: "invalid_request", description: description)
    }
    /// The client may not use this grant or response type.
    public static func unauthorizedClient(_ description: String) -> OAuthError {
        OAuthError(code: "unauthorized_client", description: description)
    }
    /// The person or the server refused the request.
    public static func accessDenied(_ description: String) -> OAuthError {
        OAuthError(code: "access_denied", description: description)
    }
    /// Only `response_type=code` is supported.
    public static func unsupportedResponseType(_ description: String) -> OAuthError {
        OAuthError(code: "unsupported_response_type", description: description)
    }
    /// The requested scope is invalid, unknown or malformed.
    public static func invalidScope(_ description: String) -> OAuthError {
        OAuthError(code: "invalid_scope", description: description)
    }
    /// The server failed; the description is generic.
    public static let serverError = OAuthError(code: "server_error", description: "The server could not complete the request.")
    /// Client authentication failed (RFC 6749 §5.2).
    public static func invalidClient(_ description: String) -> OAuthError {
        OAuthError(code: "invalid_client", description: description, isRedirectable: false)
    }
    /// The code or refresh token is invalid, expired, revoked, reused or was issued to another client (RFC 6749 §5.2).
    public static func invalidGrant(_ description: String) -> OAuthError {
        OAuthError(code: "invalid_grant", description: description, isRedirectable: false)
    }
    /// The grant type is not supported (RFC 6749 §5.2).
    public static func unsupportedGrantType(_ description: String) -> OAuthError {
        OAuthError(code: "unsupported_grant_type", description: description, isRedirectable: false)
    }

    // OIDC Core §3.1.2.6
    /// `prompt=none` but the person must sign in.
    public static func loginRequired(_ description: String) -> OAuthError {
        OAuthError(code: "login_required", description: description)
    }
    /// `prompt=none` but the person must interact (for example step up with a security key).
    public static func interactionRequired(_ description: String) -> OAuthError {
        OAuthError(code: "interaction_required", description: description)
    }
    /// `prompt=none` but the person has not consented to give this client what it asks for.
    public static func consentRequired(_ description: String) -> OAuthError {
        OAuthError(code: "consent_required", description: description)
    }
    /// The `request` parameter (a request object) is not supported.
    public static let requestNotSupported = OAuthError(
        code: "request_not_supported",
        description: "Request objects are not supported."
    )
    /// The `request_uri` parameter is not supported.
    public static let requestURINotSupported = OAuthError(
        code: "request_uri_not_supported",
        description: "The request_uri parameter is not supported."
    )

    // OIDC Core §3.1.2.6, OpenID Connect EAP ACR Values 1.0 §3
    /// The requested authentication context can never be met for this person.
    public static func unmetAuthenticationRequirements(_ description: String) -> OAuthError {
        OAuthError(code: "unmet_authentication_requirements", description: description)
    }

    // RFC 6750 §3.1, RFC 9470 §3
    /// The bearer token is missing, malformed, expired, revoked or not for this resource.
    public static func invalidToken(_ description: String) -> OAuthError {
        OAuthError(code: "invalid_token", description: description, isRedirectable: false)
    }
    /// The token's authentication is too weak or too old for this resource (RFC 9470 §3).
    public static func insufficientUserAuthentication(_ description: String) -> OAuthError {
        OAuthError(code: "insufficient_user_authentication", description: description, isRedirectable: false)
    }
}
