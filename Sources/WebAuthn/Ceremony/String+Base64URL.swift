extension String {
    /// Decodes a base64url member of a credential JSON, naming it in the error. The standard base64
    /// alphabet is tolerated: the bytes are the same, and every check runs on the bytes.
    func base64URLBytes(_ member: String) throws(WebAuthnError) -> [UInt8] {
        guard let bytes = Base64URL.decode(self, allowingStandardAlphabet: true) else {
            throw WebAuthnError(.malformedCredential, "\(member) is not base64url.")
        }
        return bytes
    }
}
