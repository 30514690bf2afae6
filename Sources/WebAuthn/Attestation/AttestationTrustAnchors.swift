public import X509

/// Trust anchors the caller supplies for attestation chains, by AAGUID, by attestation certificate key
/// identifier (FIDO U2F devices have no AAGUID), or by format (e.g. the Apple WebAuthn root).
/// Certificates that arrive in `x5c` are never trusted on their own.
public struct AttestationTrustAnchors: Sendable {
    /// AAGUID as 16 raw bytes -> roots.
    public var byAAGUID: [[UInt8]: [Certificate]]
    /// Subject key identifier of the attestation (leaf) certificate -> roots.
    public var byKeyIdentifier: [[UInt8]: [Certificate]]
    /// Attestation format identifier (`apple`, `android-key`, `tpm`, …) -> roots.
    public var byFormat: [String: [Certificate]]
    /// Roots accepted for any authenticator (tests, private deployments).
    public var any: [Certificate]

    public init(
        byAAGUID: [[UInt8]: [Certificate]] = [:],
        byKeyIdentifier: [[UInt8]: [Certificate]] = [:],
        byFormat: [String: [Certificate]] = [:],
        any: [Certificate] = []
    ) {
        self.byAAGUID = byAAGUID
        self.byKeyIdentifier = byKeyIdentifier
        self.byFormat = byFormat
        self.any = any
    }

    public static let empty = AttestationTrustAnchors()

    func anchors(aaguid: [UInt8]?, leaf: Certificate, format: String) -> [Certificate] {
        var result = any + (byFormat[format] ?? [])
        if let aaguid, aaguid != [UInt8](repeating: 0, count: 16) {
            result += byAAGUID[aaguid] ?? []
        }
        if let ski = try? leaf.extensions.subjectKeyIdentifier {
            result += byKeyIdentifier[Array(ski.keyIdentifier)] ?? []
        }
        return result
    }
}
