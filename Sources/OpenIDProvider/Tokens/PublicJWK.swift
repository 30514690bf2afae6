import Crypto
import Foundation

/// A public signing key as published in the JWKS (RFC 7517 §4), with `use: sig`, `alg` and `kid`.
public struct PublicJWK: Sendable, Hashable, Codable {
    /// Key type: `EC` or `RSA`.
    public var kty: String
    /// Always `sig`.
    public var use: String = "sig"
    /// `ES256` or `RS256`.
    public var alg: String
    /// The key id (set when published).
    public var kid: String?
    /// EC curve (`P-256`).
    public var crv: String?
    /// EC coordinates, base64url.
    public var x: String?
    public var y: String?
    /// RSA modulus and exponent, base64url.
    public var n: String?
    public var e: String?

    init(kty: String, alg: String, crv: String? = nil, x: String? = nil, y: String? = nil, n: String? = nil, e: String? = nil) {
        self.kty = kty
        self.alg = alg
        self.crv = crv
        self.x = x
        self.y = y
        self.n = n
        self.e = e
    }

    /// The RFC 7638 thumbprint: SHA-256 of the required members in lexicographic order, base64url.
    var thumbprint: String {
        let canonical =
            kty == "EC"
            ? #"{"crv":"\#(crv ?? "")","kty":"EC","x":"\#(x ?? "")","y":"\#(y ?? "")"}"#
            : #"{"e":"\#(e ?? "")","kty":"RSA","n":"\#(n ?? "")"}"#
        return Base64URL.encode(SHA256.hash(data: Data(canonical.utf8)))
    }
}

/// The JSON Web Key Set served at `jwks_uri` (RFC 7517 §5).
public struct JSONWebKeySet: Sendable, Hashable, Codable {
    /// The published keys, newest first.
    public var keys: [PublicJWK]
}
