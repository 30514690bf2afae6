/// An `acr` value: how strongly the person authenticated (OpenID Connect EAP ACR Values 1.0).
///
/// `phrh` (phishing-resistant, hardware-protected) satisfies a request for `phr` (phishing-resistant);
/// the local value `pwd` (legacy password) satisfies neither.
public enum AuthenticationContextClass: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Phishing-resistant and hardware-protected: a device-bound passkey with verified attestation.
    case phrh
    /// Phishing-resistant: any passkey.
    case phr
    /// The legacy password (a local value).
    case pwd

    /// The order of strength: `pwd` < `phr` < `phrh`.
    var strength: Int {
        switch self {
        case .pwd: 0
        case .phr: 1
        case .phrh: 2
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.strength < rhs.strength }

    /// Whether an authentication at this level satisfies a request for `requested`.
    public func satisfies(_ requested: AuthenticationContextClass) -> Bool {
        // OpenID Connect EAP ACR Values 1.0 §2: phrh implies phr
        self >= requested
    }
}
