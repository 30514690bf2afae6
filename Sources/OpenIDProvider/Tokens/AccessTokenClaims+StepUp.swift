public import Foundation

extension AccessTokenClaims {
    /// Checks that the token's authentication is strong and recent enough for a high-risk
    /// operation (RFC 9470 §3), e.g. `acr` `phrh` within 300 seconds.
    ///
    /// - Throws: `insufficient_user_authentication` when `acr` is too weak or `auth_time` too old;
    ///   answer with ``stepUpChallenge(error:acr:maxAge:)`` in `WWW-Authenticate`.
    public func requireAuthentication(acr required: AuthenticationContextClass, maxAge: Int?, now: Date) throws(OAuthError) {
        // RFC 9470 §3: the acr of the token does not meet the requirement
        guard let acr = authenticationContextClass, acr.satisfies(required) else {
            throw OAuthError.insufficientUserAuthentication("A stronger authentication is required.")
        }
        // RFC 9470 §3: the authentication is older than max_age
        if let maxAge, now.timeIntervalSince1970 - Double(auth_time) > Double(maxAge) {
            throw OAuthError.insufficientUserAuthentication("A more recent authentication is required.")
        }
    }

    /// The `WWW-Authenticate` value of an RFC 9470 §3 challenge (or an RFC 6750 §3 one without acr).
    public static func stepUpChallenge(error: OAuthError, acr: AuthenticationContextClass?, maxAge: Int?) -> String {
        var parameters = [#"error="\#(error.code)""#, #"error_description="\#(error.description.replacingOccurrences(of: "\"", with: "'"))""#]
        if let acr { parameters.append(#"acr_values="\#(acr.rawValue)""#) }
        if let maxAge { parameters.append(#"max_age="\#(maxAge)""#) }
        return "Bearer " + parameters.joined(separator: ", ")
    }
}
