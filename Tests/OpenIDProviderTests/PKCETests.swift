import OpenIDProvider
import Testing

@Suite("PKCE and opaque secrets")
struct PKCETests {
    @Test("RFC 7636 Appendix B: the S256 challenge of the example verifier")
    func appendixB() {
        #expect(PKCE.challenge(for: Fixtures.verifier) == Fixtures.challenge)
        #expect(PKCE.verify(verifier: Fixtures.verifier, challenge: Fixtures.challenge))
    }

    @Test(
        "RFC 7636 §4.1: malformed or wrong verifiers fail",
        arguments: [
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXK",  // one character changed
            String(repeating: "a", count: 42),  // too short
            String(repeating: "a", count: 129),  // too long
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjX+",  // '+' is not in the charset
            "dBjftJeZ4CVP mB92K27uhbUJU1p1r_wW1gFWFOEjXk",  // space
            "",
        ]
    )
    func badVerifiers(verifier: String) {
        #expect(!PKCE.verify(verifier: verifier, challenge: Fixtures.challenge))
    }

    @Test("The verifier charset includes '.' and '~' (RFC 7636 §4.1)")
    func unreservedCharacters() {
        let verifier = String(repeating: "a.~_-", count: 10)
        #expect(PKCE.verify(verifier: verifier, challenge: PKCE.challenge(for: verifier)))
    }

    @Test("Opaque tokens carry 256 bits as 43 base64url characters and are stored as SHA-256")
    func opaqueTokens() {
        var generator = SeededGenerator()
        let first = OpaqueToken.generate(using: &generator)
        let second = OpaqueToken.generate(using: &generator)
        #expect(first.utf8.count == 43)
        #expect(first != second)
        #expect(OpaqueToken.isWellFormed(first))
        #expect(!OpaqueToken.isWellFormed(first + "="))
        #expect(OpaqueToken.hash(first) == OpaqueToken.hash(first))
        #expect(OpaqueToken.hash(first) != first)
        #expect(OpaqueToken.hash(first).utf8.count == 43)
    }

    @Test("A confidential client's secret is checked against its SHA-256 only")
    func clientSecret() throws {
        let secret = ClientSecret(secret: "s3cret-value")
        #expect(secret.verify("s3cret-value"))
        #expect(!secret.verify("s3cret-valuE"))
        // SHA-256("abc")
        let configured = try #require(ClientSecret(sha256Hex: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
        #expect(configured.verify("abc"))
        #expect(ClientSecret(sha256Hex: "xyz") == nil)
    }
}
