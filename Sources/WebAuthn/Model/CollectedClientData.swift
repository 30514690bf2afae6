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
    /// - Throws: `WebAuthnError` `invalid-client-data`, `client-data-duplicate-member` or `token-binding-invalid`.
    public init(json: [UInt8]) throws(WebAuthnError) {
        guard json.count <= 16 * 1024 else {
            throw WebAuthnError(.invalidClientData, "clientDataJSON is too large.")
        }
        // WebAuthn L3 §7.1 step 6 / §7.2 step 9 ("parse as JSON"): a member named twice, at any depth, has
        // no single meaning (RFC 8259 §4), and the decoder below would silently keep one: refuse it.
        do throws(StrictJSONValidator.Failure) {
            try StrictJSONValidator.validate(json)
        } catch .duplicateMember {
            throw WebAuthnError(.duplicateClientDataMember, "clientDataJSON names a member twice in one object.")
        } catch {
            throw WebAuthnError(.invalidClientData, "clientDataJSON is not one well-formed JSON text.")
        }
        guard let wire = try? JSONDecoder().decode(Wire.self, from: Data(json)) else {
            throw WebAuthnError(.invalidClientData, "clientDataJSON is not an object with string type, challenge and origin.")
        }
        type = wire.type
        challenge = wire.challenge
        origin = wire.origin
        crossOrigin = wire.crossOrigin ?? false
        topOrigin = wire.topOrigin
        // WebAuthn L2 §5.8.1 / §7.1 step 10: when tokenBinding is an object its status must be a
        // TokenBindingStatus ("present" or "supported"). L3 dropped Token Binding, so other shapes are ignored.
        if let status = wire.tokenBinding?.status, !["present", "supported"].contains(status) {
            throw WebAuthnError(.tokenBindingInvalid, "clientDataJSON.tokenBinding.status is not a valid status.")
        }
    }

    /// The members read from the JSON; types are strict (`crossOrigin` must be a boolean).
    private struct Wire: Decodable {
        let type: String
        let challenge: String
        let origin: String
        let crossOrigin: Bool?
        let topOrigin: String?
        let tokenBinding: TokenBinding?

        enum CodingKeys: String, CodingKey {
            case type, challenge, origin, crossOrigin, topOrigin, tokenBinding
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            type = try container.decode(String.self, forKey: .type)
            challenge = try container.decode(String.self, forKey: .challenge)
            origin = try container.decode(String.self, forKey: .origin)
            crossOrigin = try container.decodeIfPresent(Bool.self, forKey: .crossOrigin)
            topOrigin = try container.decodeIfPresent(String.self, forKey: .topOrigin)
            tokenBinding = try? container.decodeIfPresent(TokenBinding.self, forKey: .tokenBinding)
        }
    }

    /// The L2 `TokenBinding` object; a missing or non-string status counts as invalid.
    private struct TokenBinding: Decodable {
        let status: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            status = (try? container.decode(String.self, forKey: .status)) ?? ""
        }

        enum CodingKeys: String, CodingKey { case status }
    }
}
