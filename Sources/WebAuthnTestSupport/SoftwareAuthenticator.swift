import CBOR
import Crypto
import Foundation
public import WebAuthn

/// A software WebAuthn authenticator and client for tests: it creates credentials with none, packed
/// (self or x5c) or fido-u2f attestation, signs assertions, and lets a test set the UV/BE/BS flags and
/// the counter behaviour, or tamper with what the client reports.
///
/// Randomness for credential IDs comes from the injected generator; key pairs come from swift-crypto.
public struct SoftwareAuthenticator: Sendable {
    public enum Failure: Error, Sendable {
        case unsupportedAlgorithm
        case unknownCredential
        case excludedCredential
        case malformedOptions
    }

    /// How `makeCredential` attests the new key.
    public enum Attestation: Sendable {
        case none
        case packedSelf
        case packed(AttestationAuthority)
        case fidoU2F(AttestationAuthority)
    }

    /// What the client reports in clientDataJSON; `nil` members take the honest value.
    public struct ClientDataOverrides: Sendable {
        public var type: String?
        public var challenge: String?
        public var origin: String?
        public var crossOrigin: Bool?
        public var topOrigin: String?
        public init(type: String? = nil, challenge: String? = nil, origin: String? = nil, crossOrigin: Bool? = nil, topOrigin: String? = nil) {
            self.type = type
            self.challenge = challenge
            self.origin = origin
            self.crossOrigin = crossOrigin
            self.topOrigin = topOrigin
        }
    }

    /// A credential the authenticator holds.
    public struct Credential: Sendable {
        public let id: [UInt8]
        public let rpID: String
        public let userHandle: [UInt8]
        let key: CredentialPrivateKey
        public var signCount: UInt32
        /// The COSE_Key bytes of the public key.
        public let publicKey: [UInt8]
    }

    public var aaguid: [UInt8]
    /// Sets the UV flag.
    public var userVerifying: Bool
    /// Sets the UP flag (tests turn it off).
    public var userPresent: Bool
    public var backupEligible: Bool
    public var backupState: Bool
    /// Added to a credential's counter at each use; 0 models an authenticator without a counter.
    public var counterIncrement: UInt32
    public private(set) var credentials: [Credential] = []
    private var random: SeededBytes

    /// - Parameter seed: seeds the generator for credential IDs (tests are reproducible).
    public init(
        aaguid: [UInt8] = [UInt8](repeating: 0, count: 16),
        userVerifying: Bool = true,
        backupEligible: Bool = false,
        backupState: Bool = false,
        counterIncrement: UInt32 = 1,
        seed: UInt64 = 1
    ) {
        self.aaguid = aaguid
        self.userVerifying = userVerifying
        self.userPresent = true
        self.backupEligible = backupEligible
        self.backupState = backupState
        self.counterIncrement = counterIncrement
        self.random = SeededBytes(seed: seed)
    }

    var flags: AuthenticatorFlags {
        var flags: AuthenticatorFlags = []
        if userPresent { flags.insert(.userPresent) }
        if userVerifying { flags.insert(.userVerified) }
        if backupEligible { flags.insert(.backupEligible) }
        if backupState { flags.insert(.backupState) }
        return flags
    }

    /// Creates a credential and returns the client's registration response (`create()` then `toJSON()`).
    /// - Throws: `Failure` or key/certificate generation errors.
    public mutating func makeCredential(
        rpID: String,
        origin: String,
        challenge: [UInt8],
        userHandle: [UInt8],
        algorithm: COSEAlgorithm = .es256,
        attestation: Attestation = .none,
        clientData overrides: ClientDataOverrides = .init()
    ) throws -> RegistrationResponseJSON {
        let key = try CredentialPrivateKey(algorithm: algorithm)
        let id = random.bytes(32)
        let publicKey = try key.coseKey()
        var credential = Credential(id: id, rpID: rpID, userHandle: userHandle, key: key, signCount: 0, publicKey: publicKey)
        credential.signCount = counterIncrement
        let clientDataJSON = Self.clientData("webauthn.create", challenge: challenge, origin: origin, overrides)
        let clientDataHash = Array(SHA256.hash(data: clientDataJSON))
        let rpIDHash = Array(SHA256.hash(data: Array(rpID.utf8)))
        // WebAuthn L3 §6.5.1 attested credential data.
        let attested = aaguid + [UInt8(id.count >> 8), UInt8(id.count & 0xFF)] + id + publicKey
        var authFlags = flags
        authFlags.insert(.attestedCredentialData)
        let authData = rpIDHash + [authFlags.rawValue] + Self.bigEndian(credential.signCount) + attested

        let format: String
        var statement: [CBORMapEntry] = []
        switch attestation {
        case .none:
            format = "none"
        case .packedSelf:
            format = "packed"
            statement = [
                CBORMapEntry(.text("alg"), .int(algorithm.rawValue)),
                CBORMapEntry(.text("sig"), .bytes(try key.sign(authData + clientDataHash))),
            ]
        case .packed(let authority):
            format = "packed"
            let sig = Array(try authority.attestationKey.signature(for: authData + clientDataHash).derRepresentation)
            statement = [
                CBORMapEntry(.text("alg"), .int(-7)), CBORMapEntry(.text("sig"), .bytes(sig)),
                CBORMapEntry(.text("x5c"), .array(try authority.x5c().map(CBORValue.bytes))),
            ]
        case .fidoU2F(let authority):
            format = "fido-u2f"
            guard case .p256(let p256) = key else { throw Failure.unsupportedAlgorithm }
            // WebAuthn L3 §8.6: 0x00 ‖ rpIdHash ‖ clientDataHash ‖ credentialId ‖ publicKeyU2F.
            let data = [0x00] + rpIDHash + clientDataHash + id + Array(p256.publicKey.x963Representation)
            let sig = Array(try authority.attestationKey.signature(for: data).derRepresentation)
            statement = [
                CBORMapEntry(.text("sig"), .bytes(sig)),
                CBORMapEntry(.text("x5c"), .array(try authority.x5c().map(CBORValue.bytes))),
            ]
        }
        let attestationObject = CBOREncoder.encode(
            .map([
                CBORMapEntry(.text("fmt"), .text(format)),
                CBORMapEntry(.text("attStmt"), .map(statement)),
                CBORMapEntry(.text("authData"), .bytes(authData)),
            ])
        )
        credentials.append(credential)
        let encodedID = Base64URL.encode(id)
        return RegistrationResponseJSON(
            id: encodedID,
            rawId: encodedID,
            response: .init(
                clientDataJSON: Base64URL.encode(clientDataJSON),
                attestationObject: Base64URL.encode(attestationObject),
                transports: ["internal"]
            ),
            authenticatorAttachment: "platform",
            clientExtensionResults: ClientExtensionResults(credProps: .init(rk: true))
        )
    }

    /// Signs an assertion with a held credential and returns the client's response (`get()` then `toJSON()`).
    /// - Parameter credentialID: which credential; nil takes the first one for `rpID` (discoverable flow).
    /// - Throws: `Failure.unknownCredential` or signing errors.
    public mutating func getAssertion(
        rpID: String,
        origin: String,
        challenge: [UInt8],
        credentialID: [UInt8]? = nil,
        clientData overrides: ClientDataOverrides = .init(),
        signedDataOverride: [UInt8]? = nil
    ) throws -> AuthenticationResponseJSON {
        guard let index = credentials.firstIndex(where: { $0.rpID == rpID && (credentialID == nil || $0.id == credentialID) }) else {
            throw Failure.unknownCredential
        }
        credentials[index].signCount &+= counterIncrement
        let credential = credentials[index]
        let clientDataJSON = Self.clientData("webauthn.get", challenge: challenge, origin: origin, overrides)
        let authData = Array(SHA256.hash(data: Array(rpID.utf8))) + [flags.rawValue] + Self.bigEndian(credential.signCount)
        let signed = signedDataOverride ?? (authData + Array(SHA256.hash(data: clientDataJSON)))
        let signature = try credential.key.sign(signed)
        let encodedID = Base64URL.encode(credential.id)
        return AuthenticationResponseJSON(
            id: encodedID,
            rawId: encodedID,
            response: .init(
                clientDataJSON: Base64URL.encode(clientDataJSON),
                authenticatorData: Base64URL.encode(authData),
                signature: Base64URL.encode(signature),
                userHandle: Base64URL.encode(credential.userHandle)
            ),
            authenticatorAttachment: "platform"
        )
    }

    /// Sets a held credential's counter (to model a clone or a reset).
    public mutating func setSignCount(_ count: UInt32, for credentialID: [UInt8]) {
        if let index = credentials.firstIndex(where: { $0.id == credentialID }) { credentials[index].signCount = count }
    }

    static func clientData(_ type: String, challenge: [UInt8], origin: String, _ o: ClientDataOverrides) -> [UInt8] {
        var members: [String: Any] = [
            "type": o.type ?? type, "challenge": o.challenge ?? Base64URL.encode(challenge),
            "origin": o.origin ?? origin, "crossOrigin": o.crossOrigin ?? false,
        ]
        if let top = o.topOrigin { members["topOrigin"] = top }
        return Array((try? JSONSerialization.data(withJSONObject: members, options: [.sortedKeys])) ?? Data())
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}
