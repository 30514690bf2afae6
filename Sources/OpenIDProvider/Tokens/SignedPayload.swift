import JWTKit

/// Wraps our claims as a jwt-kit payload without putting jwt-kit in the public API.
///
/// `verify(using:)` does nothing: claims are checked by ``TokenSigner`` with an injected clock.
struct SignedPayload<Claims: Codable & Sendable>: JWTPayload {
    var claims: Claims

    init(_ claims: Claims) {
        self.claims = claims
    }

    init(from decoder: any Decoder) throws {
        claims = try Claims(from: decoder)
    }

    func encode(to encoder: any Encoder) throws {
        try claims.encode(to: encoder)
    }

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
