import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PassbankServer
import Storage
import Testing
import WebAuthn
import WebAuthnTestSupport

/// Every ceremony endpoint refuses what it must with a problem code, and a refusal changes nothing
/// in the database (the whole database is compared before and after).
@Suite("Ceremony refusals")
struct CeremonyRefusalTests {
    func expectRefused(
        _ harness: CeremonyHarness,
        code: String,
        _ attempt: () async throws -> TestResponse,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let before = try harness.snapshot()
        let response = try await attempt()
        #expect((400..<500).contains(Int(response.status.code)), "status \(response.status)", sourceLocation: sourceLocation)
        #expect(response.headers[.contentType] == "application/problem+json", sourceLocation: sourceLocation)
        let problem = try Browser.decode(ProblemBody.self, response)
        #expect(problem.code == code, "\(problem.detail)", sourceLocation: sourceLocation)
        #expect(try harness.snapshot() == before, "a refused request changed the database", sourceLocation: sourceLocation)
    }

    func run(_ body: @escaping @Sendable (CeremonyHarness, any TestClientProtocol) async throws -> Void) async throws {
        let harness = try CeremonyHarness()
        defer { harness.site.remove() }
        try await Application(router: harness.router()).test(.router) { client in try await body(harness, client) }
    }

    @Test("unknown, expired and used ceremony ids, on both verify endpoints")
    func ceremonyIDs() async throws {
        try await run { harness, client in
            var browser = Browser(client: client)
            var authenticator = CeremonyEndpointTests.synced()
            // Unknown id.
            let options = try await browser.post("/webauthn/registration/options", json: ["username": "ada"])
            let parsed = try Browser.decode(Browser.Options<PublicKeyCredentialCreationOptionsJSON>.self, options)
            let credential = try authenticator.makeCredential(options: parsed.publicKey, origin: CeremonyHarness.origin)
            try await expectRefused(harness, code: "ceremony-unknown") {
                try await browser.post("/webauthn/registration/verify", json: Browser.Verify(ceremonyId: "no-such-ceremony", credential: credential))
            }
            // A registration id used on the authentication endpoint is unknown there.
            let (_, assertion) = (parsed.ceremonyId, credential)
            _ = assertion
            // Expired.
            harness.clock.advance(301)
            try await expectRefused(harness, code: "ceremony-expired") {
                try await browser.post("/webauthn/registration/verify", json: Browser.Verify(ceremonyId: parsed.ceremonyId, credential: credential))
            }
            harness.clock.advance(-301)
            // Used: the same response replayed.
            let first = try await browser.post(
                "/webauthn/registration/verify",
                json: Browser.Verify(ceremonyId: parsed.ceremonyId, credential: credential)
            )
            #expect(first.status == .created)
            try await expectRefused(harness, code: "ceremony-used") {
                try await browser.post("/webauthn/registration/verify", json: Browser.Verify(ceremonyId: parsed.ceremonyId, credential: credential))
            }
            // Authentication: used and replayed into a fresh ceremony.
            let (ceremonyID, signed) = try await browser.assertion(with: &authenticator)
            try await expectRefused(harness, code: "ceremony-unknown") {
                try await browser.post("/webauthn/authentication/verify", json: Browser.Verify(ceremonyId: parsed.ceremonyId, credential: signed))
            }
            #expect(
                try await browser.post("/webauthn/authentication/verify", json: Browser.Verify(ceremonyId: ceremonyID, credential: signed)).status
                    == .ok
            )
            try await expectRefused(harness, code: "ceremony-used") {
                try await browser.post("/webauthn/authentication/verify", json: Browser.Verify(ceremonyId: ceremonyID, credential: signed))
            }
            let fresh = try Browser.decode(
                Browser.Options<PublicKeyCredentialRequestOptionsJSON>.self,
                try await browser.post("/webauthn/authentication/options", json: [String: String]())
            )
            try await expectRefused(harness, code: "passkey-verification-failed") {
                try await browser.post("/webauthn/authentication/verify", json: Browser.Verify(ceremonyId: fresh.ceremonyId, credential: signed))
            }
        }
    }

    @Test("another user's passkey cannot answer a username-first ceremony, nor an unknown one any")
    func otherUsersCredential() async throws {
        try await run { harness, client in
            var ada = Browser(client: client)
            var adaKey = CeremonyEndpointTests.synced(seed: 1)
            #expect(try await ada.signUp("ada", with: &adaKey).status == .created)
            var bob = Browser(client: client)
            var bobKey = CeremonyEndpointTests.synced(seed: 2)
            #expect(try await bob.signUp("bob", with: &bobKey).status == .created)
            // A ceremony for ada, answered by bob's passkey.
            let options = try Browser.decode(
                Browser.Options<PublicKeyCredentialRequestOptionsJSON>.self,
                try await bob.post("/webauthn/authentication/options", json: ["username": "ada"])
            )
            let answer = try bobKey.getAssertion(
                rpID: "localhost",
                origin: CeremonyHarness.origin,
                challenge: Base64URL.decode(options.publicKey.challenge)!
            )
            try await expectRefused(harness, code: "passkey-not-allowed") {
                try await bob.post("/webauthn/authentication/verify", json: Browser.Verify(ceremonyId: options.ceremonyId, credential: answer))
            }
            // A passkey the bank never saw.
            var strangerKey = CeremonyEndpointTests.synced(seed: 3)
            _ = try strangerKey.makeCredential(rpID: "localhost", origin: CeremonyHarness.origin, challenge: [1], userHandle: [1])
            let open = try Browser.decode(
                Browser.Options<PublicKeyCredentialRequestOptionsJSON>.self,
                try await bob.post("/webauthn/authentication/options", json: [String: String]())
            )
            let strange = try strangerKey.getAssertion(options: open.publicKey, origin: CeremonyHarness.origin)
            try await expectRefused(harness, code: "passkey-unknown") {
                try await bob.post("/webauthn/authentication/verify", json: Browser.Verify(ceremonyId: open.ceremonyId, credential: strange))
            }
        }
    }

    @Test("a discoverable sign-in needs the assertion's userHandle, and it must be the passkey owner's (WebAuthn L3 §7.2 step 6)")
    func discoverableSignInNeedsUserHandle() async throws {
        struct Refusal: Decodable { var reason: String? }
        try await run { harness, client in
            var ada = Browser(client: client)
            var adaKey = CeremonyEndpointTests.synced(seed: 1)
            #expect(try await ada.signUp("ada", with: &adaKey).status == .created)
            var bob = Browser(client: client)
            var bobKey = CeremonyEndpointTests.synced(seed: 2)
            #expect(try await bob.signUp("bob", with: &bobKey).status == .created)
            // No username: allowCredentials is empty, so only the user handle names the account.
            var stranger = Browser(client: client)
            let (ceremonyID, genuine) = try await stranger.assertion(with: &adaKey)
            let cases: [(userHandle: String?, reason: String)] = [
                (nil, "user-handle-missing"),
                ("", "user-handle-missing"),
                (Base64URL.encode(bobKey.credentials[0].userHandle), "user-handle-mismatch"),
            ]
            for (userHandle, reason) in cases {
                var tampered = genuine
                tampered.response.userHandle = userHandle
                var refusal: TestResponse?
                try await expectRefused(harness, code: "passkey-verification-failed") {
                    let response = try await stranger.post(
                        "/webauthn/authentication/verify",
                        json: Browser.Verify(ceremonyId: ceremonyID, credential: tampered)
                    )
                    refusal = response
                    return response
                }
                #expect(try Browser.decode(Refusal.self, try #require(refusal)).reason == reason)
                #expect(stranger.cookie == nil, "a refused sign-in started a session")
            }
            // The same assertion with ada's own handle signs ada in.
            let signedIn = try await stranger.post(
                "/webauthn/authentication/verify",
                json: Browser.Verify(ceremonyId: ceremonyID, credential: genuine)
            )
            #expect(signedIn.status == .ok)
            #expect(stranger.cookie != nil)
        }
    }

    @Test(
        "malformed bodies, wrong content type and a foreign origin are refused on every ceremony endpoint",
        arguments: [
            "/webauthn/registration/options", "/webauthn/registration/verify", "/webauthn/authentication/options",
            "/webauthn/authentication/verify",
        ]
    )
    func hostileBodies(path: String) async throws {
        try await run { harness, client in
            var browser = Browser(client: client)
            var authenticator = CeremonyEndpointTests.synced()
            #expect(try await browser.signUp("ada", with: &authenticator).status == .created)
            let verify = path.hasSuffix("verify")
            let cases: [(String, HTTPFields, String)] =
                [
                    ("unsupported-media-type", [.contentType: "text/plain", .origin: CeremonyHarness.origin], "{}"),
                    ("forbidden-origin", [.contentType: "application/json", .origin: "https://evil.example"], "{}"),
                    ("malformed-request", Browser.jsonHeaders, "{"),
                    ("malformed-request", Browser.jsonHeaders, "[1,2,3]"),
                    ("payload-too-large", Browser.jsonHeaders, "{\"username\":\"" + String(repeating: "a", count: 70_000) + "\"}"),
                ]
                + (verify
                    ? [
                        ("malformed-request", Browser.jsonHeaders, #"{"ceremonyId":"x"}"#),
                        ("malformed-request", Browser.jsonHeaders, #"{"ceremonyId":"x","credential":{"id":1}}"#),
                        ("malformed-request", Browser.jsonHeaders, #"{"ceremonyId":7,"credential":null}"#),
                    ] : [("malformed-request", Browser.jsonHeaders, #"{"username":42}"#)])
            for (code, headers, body) in cases {
                try await expectRefused(harness, code: code) { try await browser.post(path, body: body, headers: headers) }
            }
        }
    }

    @Test("a tampered response to a live ceremony is refused and leaves it open")
    func tampered() async throws {
        try await run { harness, client in
            var browser = Browser(client: client)
            var authenticator = CeremonyEndpointTests.synced()
            #expect(try await browser.signUp("ada", with: &authenticator).status == .created)
            let options = try Browser.decode(
                Browser.Options<PublicKeyCredentialRequestOptionsJSON>.self,
                try await browser.post("/webauthn/authentication/options", json: [String: String]())
            )
            let challenge = Base64URL.decode(options.publicKey.challenge)!
            let forged = try authenticator.getAssertion(
                rpID: "localhost",
                origin: CeremonyHarness.origin,
                challenge: challenge,
                signedDataOverride: [1, 2, 3]
            )
            try await expectRefused(harness, code: "passkey-verification-failed") {
                try await browser.post("/webauthn/authentication/verify", json: Browser.Verify(ceremonyId: options.ceremonyId, credential: forged))
            }
            let wrongOrigin = try authenticator.getAssertion(
                rpID: "localhost",
                origin: "https://evil.example",
                challenge: challenge
            )
            try await expectRefused(harness, code: "passkey-verification-failed") {
                try await browser.post(
                    "/webauthn/authentication/verify",
                    json: Browser.Verify(ceremonyId: options.ceremonyId, credential: wrongOrigin)
                )
            }
            // The genuine answer still works afterwards: the refusals did not use the ceremony.
            let genuine = try authenticator.getAssertion(rpID: "localhost", origin: CeremonyHarness.origin, challenge: challenge)
            #expect(
                try await browser.post("/webauthn/authentication/verify", json: Browser.Verify(ceremonyId: options.ceremonyId, credential: genuine))
                    .status == .ok
            )
        }
    }
}
