public import CBOR

/// The attestation object (WebAuthn L3 §6.5.4): `{fmt, attStmt, authData}`.
public struct AttestationObject: Sendable, Hashable {
    public let format: String
    public let statement: CBORValue
    public let authenticatorData: AuthenticatorData

    /// - Throws: `WebAuthnError` `invalid-attestation-object` or `invalid-authenticator-data`.
    public init(bytes: [UInt8]) throws(WebAuthnError) {
        let value: CBORValue
        do {
            value = try CBORDecoder(limits: .init(maxInputSize: 128 * 1024, maxDepth: 16)).decode(bytes)
        } catch {
            throw WebAuthnError(.invalidAttestationObject, "The attestation object is not valid CBOR (\(error.code.rawValue)).")
        }
        guard let entries = value.mapEntries, entries.count == 3,
            let format = value[text: "fmt"]?.textValue,
            let statement = value[text: "attStmt"], statement.mapEntries != nil,
            let authData = value[text: "authData"]?.bytesValue
        else {
            throw WebAuthnError(.invalidAttestationObject, "The attestation object must be a map of fmt, attStmt and authData.")
        }
        self.format = format
        self.statement = statement
        self.authenticatorData = try AuthenticatorData(bytes: authData)
    }
}
