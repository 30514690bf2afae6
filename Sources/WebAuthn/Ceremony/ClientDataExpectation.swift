import Crypto

/// The checks on `clientDataJSON` shared by both ceremonies.
struct ClientDataExpectation {
    let type: String
    let challenge: [UInt8]
    let relyingParty: RelyingParty

    /// WebAuthn L3 §7.1 steps 6–10 and §7.2 steps 10–14.
    func verify(_ json: [UInt8]) throws(WebAuthnError) -> CollectedClientData {
        let client = try CollectedClientData(json: json)
        // §7.1 step 7 / §7.2 step 11: C.type.
        guard client.type == type else {
            throw WebAuthnError(.typeMismatch, "clientDataJSON.type is not \(type).")
        }
        // §7.1 step 8 / §7.2 step 12: C.challenge equals the base64url encoding of the challenge sent.
        guard client.challenge == Base64URL.encode(challenge) else {
            throw WebAuthnError(.challengeMismatch, "clientDataJSON.challenge is not the challenge that was sent.")
        }
        // §7.1 step 9 / §7.2 step 13: C.origin is one of the RP's origins.
        guard relyingParty.origins.contains(client.origin) else {
            throw WebAuthnError(.originMismatch, "clientDataJSON.origin is not an allowed origin.")
        }
        // §7.1 step 10 / §7.2 step 14: crossOrigin and topOrigin only when the RP expects iframes.
        if client.crossOrigin {
            guard relyingParty.allowsCrossOrigin else {
                throw WebAuthnError(.crossOriginNotAllowed, "The ceremony ran in a cross-origin iframe.")
            }
            if let top = client.topOrigin, !relyingParty.allowedTopOrigins.contains(top) {
                throw WebAuthnError(.topOriginMismatch, "clientDataJSON.topOrigin is not an allowed top-level origin.")
            }
        } else if client.topOrigin != nil {
            throw WebAuthnError(.topOriginMismatch, "clientDataJSON.topOrigin is present without crossOrigin.")
        }
        return client
    }

    /// §7.1 step 13 / §7.2 step 15: rpIdHash is SHA-256 of an accepted RP ID (or of the AppID when the
    /// client reports the appid extension was used, §10.1.1).
    static func verifyRelyingPartyIDHash(_ hash: [UInt8], relyingParty: RelyingParty, appID: String? = nil) throws(WebAuthnError) {
        let accepted = appID.map { [$0] } ?? relyingParty.acceptedIDs
        guard accepted.contains(where: { Array(SHA256.hash(data: Array($0.utf8))) == hash }) else {
            throw WebAuthnError(.rpIDHashMismatch, "rpIdHash is not the hash of the expected RP ID.")
        }
    }
}
