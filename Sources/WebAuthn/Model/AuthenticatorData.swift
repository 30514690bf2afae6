public import CBOR

/// Authenticator data (WebAuthn L3 §6.1), parsed strictly: every declared part must be present and
/// nothing may follow the last one.
public struct AuthenticatorData: Sendable, Hashable {
    /// The exact bytes, as signed by the authenticator.
    public let bytes: [UInt8]
    public let rpIDHash: [UInt8]
    public let flags: AuthenticatorFlags
    public let signCount: UInt32
    public let attestedCredentialData: AttestedCredentialData?
    /// The extension outputs map, when the ED flag is set.
    public let extensions: CBORValue?

    /// - Throws: `WebAuthnError` `invalid-authenticator-data`.
    public init(bytes: [UInt8]) throws(WebAuthnError) {
        func fail(_ reason: String) -> WebAuthnError { WebAuthnError(.invalidAuthenticatorData, reason) }
        guard bytes.count >= 37 else { throw fail("Authenticator data is shorter than 37 bytes.") }
        guard bytes.count <= 64 * 1024 else { throw fail("Authenticator data is larger than 64 KiB.") }
        self.bytes = bytes
        rpIDHash = Array(bytes[0..<32])
        flags = AuthenticatorFlags(rawValue: bytes[32])
        signCount = bytes[33..<37].reduce(0) { ($0 << 8) | UInt32($1) }
        var position = 37
        let decoder = CBORDecoder()

        if flags.contains(.attestedCredentialData) {
            // §6.5.1: aaguid (16), credentialIdLength (2, big-endian), credentialId, credentialPublicKey.
            guard bytes.count >= position + 18 else { throw fail("Attested credential data is truncated.") }
            let aaguid = Array(bytes[position..<position + 16])
            let idLength = Int(bytes[position + 16]) << 8 | Int(bytes[position + 17])
            position += 18
            // §6.5.1: credentialIdLength is at most 1023.
            guard idLength <= 1023 else { throw fail("The credential ID is longer than 1023 bytes.") }
            guard bytes.count >= position + idLength else { throw fail("The credential ID is truncated.") }
            let credentialID = Array(bytes[position..<position + idLength])
            position += idLength
            let range: Range<Int>
            do {
                (_, range) = try decoder.decodePrefix(bytes, from: position)
            } catch {
                throw fail("The credential public key is not valid CBOR (\(error.code.rawValue)).")
            }
            position = range.upperBound
            attestedCredentialData = AttestedCredentialData(
                aaguid: aaguid,
                credentialID: credentialID,
                publicKey: Array(bytes[range])
            )
        } else {
            attestedCredentialData = nil
        }

        if flags.contains(.extensionData) {
            let decoded: (value: CBORValue, range: Range<Int>)
            do {
                decoded = try decoder.decodePrefix(bytes, from: position)
            } catch {
                throw fail("Extension data is not valid CBOR (\(error.code.rawValue)).")
            }
            guard decoded.value.mapEntries != nil else { throw fail("Extension data is not a CBOR map.") }
            extensions = decoded.value
            position = decoded.range.upperBound
        } else {
            extensions = nil
        }
        // §6.1: the length of authenticator data is determined by its flags; nothing may trail.
        guard position == bytes.count else {
            throw fail("\(bytes.count - position) bytes trail the authenticator data.")
        }
    }
}
