import Crypto
import FIDOMetadata
import Foundation
import Storage
import WebAuthn

/// What the ceremony endpoints share: the database, the relying party, the metadata, the clock.
struct CeremonyEnvironment: Sendable {
    let database: AppDatabase
    let configuration: ServerConfiguration
    let relyingParty: RelyingParty
    let limiters: AbuseLimiters
    let now: @Sendable () -> Date

    init(database: AppDatabase, configuration: ServerConfiguration, limiters: AbuseLimiters, now: @escaping @Sendable () -> Date) {
        self.database = database
        self.configuration = configuration
        self.limiters = limiters
        self.relyingParty = RelyingParty(
            id: configuration.relyingPartyID,
            name: "Passbank",
            // WebAuthn L3 §5.11: related origins and the bank's Android apps use this RP ID too
            origins: [configuration.origin] + configuration.deployment.additionalWebAuthnOrigins
        )
        self.now = now
    }

    var policySettings: AssurancePolicySettings {
        AssurancePolicySettings(
            minimumCertificationLevel: configuration.minimumCertificationLevel,
            newKeyHold: configuration.newKeyHold
        )
    }

    var providerNames: ProviderNames { ProviderNames() }

    /// A new unguessable id for a ceremony or session secret: 256 random bits, base64url.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64URL.encode((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// Hex SHA-256, how session secrets are stored.
    static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Turns a storage refusal into the problem the page can act on.
    static func problem(_ error: StorageError) -> Problem {
        switch error.code {
        case "ceremony-unknown":
            return Problem(code: "ceremony-unknown", detail: "This sign-in or registration is not in progress. Start again.")
        case "ceremony-expired":
            return Problem(code: "ceremony-expired", detail: "This sign-in or registration took too long. Start again.")
        case "ceremony-used":
            return Problem(code: "ceremony-used", detail: "This sign-in or registration was already completed. Start again.")
        case "username-taken":
            return Problem(code: "username-taken", detail: "That username is already taken. Choose another one.")
        case "credential-already-registered":
            return Problem(code: "passkey-already-registered", detail: "This passkey is already registered. Sign in with it instead.")
        case "credential-changed-concurrently":
            return Problem(code: "sign-in-conflict", detail: "This passkey was used twice at the same moment. Sign in again.")
        default:
            return Problem(code: "service-unavailable", detail: "The bank could not save this just now. Try again in a moment.")
        }
    }

    /// A WebAuthn verification failure: one stable problem code, the precise reason beside it.
    static func problem(_ error: WebAuthnError) -> Problem {
        Problem(code: "passkey-verification-failed", detail: error.reason, reason: error.code.rawValue)
    }

    static func iso(_ date: Date?) -> String? {
        date.map { $0.formatted(.iso8601) }
    }
}
