/// A `/oauth2/revoke` request (RFC 7009 §2.1) from an authenticated client.
public struct RevocationRequest: Sendable, Hashable {
    /// The token to revoke.
    public var token: String
    /// `token_type_hint`: `refresh_token` or `access_token`; other values are ignored (RFC 7009 §2.1).
    public var tokenTypeHint: String?

    /// Parses the form body.
    ///
    /// - Throws: `invalid_request` when `token` is missing or repeated.
    public init(_ parameters: RequestParameters) throws(OAuthError) {
        // RFC 7009 §2.1: token is required
        guard let token = try parameters.single("token", maxLength: RequestParameters.maximumEncodedLength) else {
            throw OAuthError.invalidRequest("The token parameter is missing.").notRedirectable
        }
        self.token = token
        self.tokenTypeHint = try parameters.single("token_type_hint", maxLength: 64)
    }

    /// The storage key to look a refresh token up by (``OpaqueToken/hash(_:)``).
    public var refreshTokenHash: String { OpaqueToken.hash(token) }

    /// The family to revoke for a refresh-token record found by ``refreshTokenHash``.
    ///
    /// - Returns: `nil` when there is nothing to revoke: an unknown token or another client's token.
    ///   The endpoint answers `200` either way (RFC 7009 §2.2), so nothing leaks about other clients.
    public static func familyToRevoke(record: RefreshTokenRecord?, client: OAuthClient) -> String? {
        // RFC 7009 §2.1: only the client the token was issued to may revoke it
        guard let record, record.clientID == client.id else { return nil }
        return record.familyID
    }
}
