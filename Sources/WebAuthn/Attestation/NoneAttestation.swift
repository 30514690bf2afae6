import CBOR

/// None attestation (WebAuthn L3 §8.7): the statement is an empty map.
enum NoneAttestation: AttestationStatementFormat {
    static let identifier = "none"

    static func verify(_ input: AttestationInput) throws(WebAuthnError) -> AttestationOutcome {
        guard input.statement.mapEntries?.isEmpty == true else {
            throw WebAuthnError(.invalidAttestationStatement, "A none attestation statement must be empty.")
        }
        return AttestationOutcome(type: .none, trustPath: [])
    }
}
