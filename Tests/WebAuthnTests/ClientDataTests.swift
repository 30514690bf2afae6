import Testing
import WebAuthn

@Suite("CollectedClientData (WebAuthn L3 §5.8.1)")
struct ClientDataTests {
    func parse(_ json: String) throws -> CollectedClientData {
        try CollectedClientData(json: Array(json.utf8))
    }

    @Test("parses members and tolerates extra ones")
    func parses() throws {
        let c = try parse(
            #"{"type":"webauthn.get","challenge":"abc","origin":"https://a.example","crossOrigin":true,"topOrigin":"https://b.example","other":1}"#
        )
        #expect(c.type == "webauthn.get" && c.challenge == "abc" && c.origin == "https://a.example")
        #expect(c.crossOrigin && c.topOrigin == "https://b.example")
    }

    @Test(
        "rejects malformed client data",
        arguments: [
            "", "[]", "{}", #"{"type":"webauthn.get","challenge":"abc"}"#,
            #"{"type":1,"challenge":"abc","origin":"o"}"#,
            #"{"type":"webauthn.get","challenge":"abc","origin":"o","crossOrigin":"yes"}"#,
            #"{"type":"webauthn.get","challenge":"abc","origin":"o","topOrigin":5}"#,
        ]
    )
    func rejects(json: String) {
        #expect(throws: WebAuthnError(.invalidClientData, "")) { try parse(json) }
    }

    @Test("tokenBinding status must be present or supported when given as an object")
    func tokenBinding() throws {
        #expect(throws: WebAuthnError(.tokenBindingInvalid, "")) {
            try parse(#"{"type":"t","challenge":"c","origin":"o","tokenBinding":{"status":"not-supported"}}"#)
        }
        _ = try parse(#"{"type":"t","challenge":"c","origin":"o","tokenBinding":{"status":"supported"}}"#)
        _ = try parse(#"{"type":"t","challenge":"c","origin":"o","tokenBinding":"unused"}"#)
    }

    @Test("base64url")
    func base64URL() {
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
        #expect(Base64URL.decode("-_8") == [0xFB, 0xFF])
        #expect(Base64URL.decode("-_8=") == [0xFB, 0xFF])
        #expect(Base64URL.decode("+/8") == nil)
        #expect(Base64URL.decode("A") == nil)
    }
}
