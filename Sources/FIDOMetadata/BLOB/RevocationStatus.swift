public import Foundation

/// What the CRLs the operator supplied say about one certificate of the BLOB's chain (RFC 5280 §6.3).
/// Only `revoked` refuses the BLOB; the others are recorded and shown, never silently dropped.
public enum RevocationStatus: Sendable, Hashable, CustomStringConvertible {
    /// A CRL from the issuer, valid at the validation time, does not list the certificate.
    case good(crlNextUpdate: Date?)
    /// The issuer's CRL lists the certificate.
    case revoked
    /// The newest CRL from the issuer had passed its nextUpdate at the validation time.
    case crlExpired(nextUpdate: Date)
    /// No usable CRL was given for the issuer (none, wrong signature, or not yet valid).
    case unavailable(String)

    public var description: String {
        switch self {
        case .good(let next): "good (CRL valid until \(next.map(CivilDate.format) ?? "no nextUpdate"))"
        case .revoked: "revoked"
        case .crlExpired(let next): "CRL expired (nextUpdate \(CivilDate.format(next)))"
        case .unavailable(let why): "unavailable (\(why))"
        }
    }

    /// A short stable name: `good`, `revoked`, `crl-expired`, `unavailable`.
    public var name: String {
        switch self {
        case .good: "good"
        case .revoked: "revoked"
        case .crlExpired: "crl-expired"
        case .unavailable: "unavailable"
        }
    }
}

/// The revocation status of one certificate of the BLOB's signing chain.
public struct CertificateRevocationCheck: Sendable, Hashable {
    public let subject: String
    public let status: RevocationStatus
}
