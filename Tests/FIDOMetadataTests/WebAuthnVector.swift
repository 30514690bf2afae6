import Foundation
import WebAuthn

/// A registration vector of `../shared/fixtures/webauthn`, verified with the WebAuthn core.
struct WebAuthnVector: Decodable {
    let challenge: String
    let origin: OneOrMany
    let rpId: OneOrMany

    struct OneOrMany: Decodable {
        let values: [String]
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let one = try? container.decode(String.self) {
                values = [one]
            } else {
                values = try container.decode([String].self)
            }
        }
    }

    static let directory = MDSCorpus.fixtures.appendingPathComponent("webauthn")

    /// Verifies the registration (no anchors: trust is the metadata's business) and returns the credential.
    static func register(_ name: String, at time: Date) async throws -> RegisteredCredential {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        let vector = try JSONDecoder().decode(WebAuthnVector.self, from: data)
        let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let response = try JSONDecoder().decode(
            RegistrationResponseJSON.self,
            from: try JSONSerialization.data(withJSONObject: object["response"]!)
        )
        let party = RelyingParty(
            id: vector.rpId.values[0],
            name: "corpus",
            origins: vector.origin.values,
            additionalIDs: Array(vector.rpId.values.dropFirst())
        )
        return try await party.verifyRegistration(
            response,
            expecting: RegistrationExpectation(challenge: Base64URL.decode(vector.challenge) ?? []),
            at: time
        )
    }
}
