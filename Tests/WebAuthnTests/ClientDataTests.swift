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

    @Test(
        "a member named twice in one object, at any depth and in any spelling, is refused (RFC 8259 §4)",
        arguments: [
            #"{"type":"webauthn.get","challenge":"abc","origin":"o","type":"webauthn.get"}"#,
            #"{"type":"webauthn.create","challenge":"abc","origin":"o","type":"webauthn.get"}"#,
            #"{"type":"webauthn.get","challenge":"abc","origin":"o","typ\u0065":"webauthn.create"}"#,
            #"{"\u0074\u0079\u0070\u0065":"webauthn.get","challenge":"abc","origin":"o","type":"x"}"#,
            #"{"type":"webauthn.get","challenge":"abc","origin":"o","orig\u0069n":"https://evil.example"}"#,
            #"{"type":"webauthn.get","challenge":"abc","origin":"o","ch\/":1,"ch/":2}"#,
            #"{"type":"webauthn.get","challenge":"abc","origin":"o","other":{"a":1,"a":2}}"#,
            #"{"type":"webauthn.get","challenge":"abc","origin":"o","tokenBinding":{"status":"present","status":"x"}}"#,
            #"{"type":"webauthn.get","challenge":"abc","origin":"o","x":[{"k":1},{"k":[{"y":1,"y":1}]}]}"#,
            #"{"type":"webauthn.get","challenge":"abc","origin":"o","\ud83d\ude00":1,"😀":2}"#,
            #"{"type":"webauthn.get","challenge":"abc","origin":"o","é":1,"e\u0301":2}"#,
        ]
    )
    func duplicateMembers(json: String) {
        #expect(throws: WebAuthnError(.duplicateClientDataMember, "")) { try parse(json) }
    }

    @Test("the same name in different objects, and names that only look alike, are fine")
    func distinctMembers() throws {
        let c = try parse(
            #"{"type":"webauthn.get","challenge":"abc","origin":"o","a":{"type":1},"b":[{"type":2},{"type":3}],"Type":4,"type ":5}"#
        )
        #expect(c.type == "webauthn.get")
    }

    @Test(
        "not one well-formed JSON text: refused before any member is read",
        arguments: [
            #"{"type":"webauthn.get","challenge":"abc","origin":"o"} {}"#,
            #"{"type":"webauthn.get","challenge":"abc","origin":"o",}"#,
            #"{"type":"webauthn.get","challenge":"abc","origin":"o","n":01}"#,
            #"{"type":"webauthn.get","challenge":"abc","origin":"o","s":"\ud800"}"#,
            #"{"type":"webauthn.get","challenge":"abc","origin":"o","s":"\x41"}"#,
            #"{"type":"webauthn.get","challenge":"abc","origin":"o","d":"# + String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
                + "}",
        ]
    )
    func malformedJSON(json: String) {
        #expect(throws: WebAuthnError(.invalidClientData, "")) { try parse(json) }
    }

    @Test("bytes that are not UTF-8 are refused")
    func notUTF8() {
        #expect(throws: WebAuthnError(.invalidClientData, "")) {
            try CollectedClientData(json: Array(#"{"type":"webauthn.get","challenge":"abc","origin":""#.utf8) + [0xFF, 0x22, 0x7D])
        }
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
