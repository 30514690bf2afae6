/// How far the attestation's trust path was verified.
public enum AttestationTrust: Sendable, Hashable {
    /// No trust path (none or self attestation).
    case notApplicable
    /// The caller supplied no anchor for this authenticator: the statement's signature is valid but the
    /// chain was not validated, so the attestation proves nothing about the authenticator's make.
    case noAnchor
    /// The chain validated at the given time to a caller-supplied anchor (never to a root in `x5c`).
    case verified
}
