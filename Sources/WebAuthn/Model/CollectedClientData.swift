import Foundation

/// `CollectedClientData` (WebAuthn L3 §5.8.1), parsed from the exact `clientDataJSON` bytes.
public struct CollectedClientData: Sendable, Hashable {
    public let type: String
    public let challenge: String
    public let origin: String
    public let crossOrigin: Bool
    public let topOrigin: String?

    /// Parses clientDataJSON with a JSON parser (WebAuthn L3 §7.1 step 6 / §7.2 step 9: the RP must
    /// not compare against a template, extra members are allowed).
    /// - Throws: `WebAuthnError` `invalid-client-data` or `token-binding-invalid`.
    public init(json: [UInt8]) throws(WebAuthnError) {
        guard json.count <= 16 * 1024,
            let object = try? JSONSerialization.jsonObject(with: Data(json)) as? [String: Any]
        else {
            throw WebAuthnError(.invalidClientData, "clientDataJSON is not a JSON object.")
        }
        guard let type = object["type"] as? String,
            let challenge = object["challenge"] as? String,
            let origin = object["origin"] as? String
        else {
            throw WebAuthnError(.invalidClientData, "clientDataJSON lacks type, challenge or origin.")
        }
        self.type = type
        self.challenge = challenge
        self.origin = origin
        switch object["crossOrigin"] {
        case nil, is NSNull: crossOrigin = false
        case let flag as Bool: crossOrigin = flag
        default: throw WebAuthnError(.invalidClientData, "clientDataJSON.crossOrigin is not a boolean.")
        }
        switch object["topOrigin"] {
        case nil, is NSNull: topOrigin = nil
        case let value as String: topOrigin = value
        default: throw WebAuthnError(.invalidClientData, "clientDataJSON.topOrigin is not a string.")
        }
        // WebAuthn L2 §5.8.1 / §7.1 step 10: when tokenBinding is an object its status must be a
        // TokenBindingStatus ("present" or "supported"). L3 dropped Token Binding, so other shapes are ignored.
        if let binding = object["tokenBinding"] as? [String: Any] {
            guard let status = binding["status"] as? String, ["present", "supported"].contains(status) else {
                throw WebAuthnError(.tokenBindingInvalid, "clientDataJSON.tokenBinding.status is not a valid status.")
            }
        }
    }
}
