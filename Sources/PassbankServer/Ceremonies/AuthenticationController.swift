import Crypto
import FIDOMetadata
import Foundation
import HTTPTypes
import Hummingbird
import Storage
import WebAuthn

/// `POST /webauthn/authentication/options` and `/verify`: sign-in with a passkey (WebAuthn L3 §7.2),
/// autofill (no username) or username-first, with the passkey's level decided again each time.
struct AuthenticationController: Sendable {
    let environment: CeremonyEnvironment
    let sessions: SessionCookies

    func addRoutes(to router: Router<PassbankRequestContext>) {
        router.post("/webauthn/authentication/options") { request, context in try await options(request, context: context) }
        router.post("/webauthn/authentication/verify") { request, context in
            try await environment.auditingRefusal(.signIn, context: context) { try await verify(request, context: context) }
        }
    }

    func options(_ request: Request, context: PassbankRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(AuthenticationOptionsRequest.self, context: context)
        let now = environment.now()
        var allow: [CredentialDescriptor] = []
        var userID: String?
        let pending = try body.request.map { try PendingAuthorization.load(id: $0, database: environment.database, now: now) }
        let requiresHighAssurance = pending?.requiresHighAssurance ?? false
        if let subject = pending?.record.subjectUserID {
            // A step-up (or login_hint) names the account: only its passkeys may answer, so another
            // person's passkey cannot raise this session (the provider module's rule).
            userID = subject
            allow = try stored({ try environment.database.credentials(userID: subject) }).map(RegistrationController.descriptor)
        } else if let raw = body.username, !raw.isEmpty {
            let username = try AccountName.validUsername(raw)
            if let user = try stored({ try environment.database.user(username: username) }) {
                userID = user.id
                allow = try stored({ try environment.database.credentials(userID: user.id) }).map(RegistrationController.descriptor)
            } else {
                // An unknown username gets the same shape of answer as a known one, so the options
                // do not tell who has an account here.
                allow = [CredentialDescriptor(id: try decoyCredentialID(for: username), transports: ["internal", "hybrid"])]
            }
        }
        // Passkey prompts started for one named account are limited; an unknown name counts under
        // itself like a known one, so the limit answers alike for both.
        let accountKey = body.username.flatMap { $0.isEmpty ? nil : AbuseLimiters.accountKey($0) } ?? userID.map { "user:" + $0 }
        if let accountKey, let seconds = environment.limiters.ceremoniesPerAccount.take(accountKey, now: now) {
            throw Problem.rateLimited(retryAfter: seconds)
        }
        if requiresHighAssurance, let userID {
            // DESIGN.md flow 5: only the account's high-assurance passkeys whose new-key hold has passed
            allow = try stored({
                try OAuthEnvironment.highAssuranceCredentials(database: environment.database, userID: userID, now: now)
            }).map(RegistrationController.descriptor)
            guard !allow.isEmpty else {
                // DESIGN.md: a key on its new-key hold is named with the moment it starts to count.
                let held = try stored({ try environment.database.credentials(userID: userID) })
                    .compactMap { $0.assurance == "phrh" ? $0.stepUpAfter : nil }.filter { $0 > now }.min()
                if let held, let when = CeremonyEnvironment.iso(held) {
                    throw Problem(
                        code: "no-high-assurance-passkey",
                        detail: "Your security key counts for this from \(when), after the wait that protects new keys. Try again then.",
                        extensions: ["countsFrom": when]
                    )
                }
                throw Problem(
                    code: "no-high-assurance-passkey",
                    detail: "This needs a passkey on a security key, and this account has none that counts yet. Add a security key first."
                )
            }
        }
        var generator = SystemRandomNumberGenerator()
        let built: (options: PublicKeyCredentialRequestOptionsJSON, challenge: [UInt8])
        do {
            built = try environment.relyingParty.requestOptions(
                allowCredentials: allow,
                userVerification: requiresHighAssurance ? "required" : "preferred",
                hints: requiresHighAssurance ? [.securityKey] : [],
                timeoutMilliseconds: Int(environment.configuration.sessions.ceremonyLifetime.timeInterval * 1000),
                using: &generator
            )
        } catch {
            throw CeremonyEnvironment.problem(error)
        }
        let ceremony = CeremonyRecord(
            id: CeremonyEnvironment.randomToken(),
            kind: .authentication,
            challenge: Data(built.challenge),
            userID: userID,
            authorizationRequestID: pending?.record.id,
            requireUserVerification: requiresHighAssurance,
            requiredAssurance: requiresHighAssurance ? AssuranceOutcome.phrh.rawValue : nil,
            allowedCredentialIDs: try JSONResponse.string(allow.map(\.id)),
            createdAt: now,
            expiresAt: now.addingTimeInterval(environment.configuration.sessions.ceremonyLifetime.timeInterval)
        )
        try stored { try environment.database.insert(ceremony) }
        return try JSONResponse.make(RequestOptionsResponse(ceremonyId: ceremony.id, publicKey: built.options))
    }

    func verify(_ request: Request, context: PassbankRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(AuthenticationVerifyRequest.self, context: context)
        let now = environment.now()
        let configuration = environment.configuration
        let ceremony = try stored { try environment.database.openCeremony(id: body.ceremonyId, kind: .authentication, now: now) }
        // WebAuthn L3 §7.2 step 5–6: the credential must be one we know, of the account the ceremony is for.
        guard let rawID = Base64URL.decode(body.credential.rawId), !rawID.isEmpty,
            let credential = try stored({ try environment.database.credential(id: Data(rawID)) }),
            let owner = try stored({ try environment.database.user(id: credential.userID) })
        else {
            throw Problem(code: "passkey-unknown", detail: "This passkey is not registered with the bank. It may have been removed.")
        }
        if let expected = ceremony.userID, expected != credential.userID {
            throw Problem(code: "passkey-not-allowed", detail: "This passkey belongs to another account.")
        }
        let key: COSEKey
        do {
            key = try COSEKey(encoded: Array(credential.publicKey))
        } catch {
            throw CeremonyEnvironment.problem(error)
        }
        let allowed = (try? JSONDecoder().decode([String].self, from: Data(ceremony.allowedCredentialIDs.utf8))) ?? []
        let verified: VerifiedAuthentication
        do {
            verified = try environment.relyingParty.verifyAuthentication(
                body.credential,
                expecting: AuthenticationExpectation(
                    challenge: Array(ceremony.challenge),
                    requireUserVerification: ceremony.requireUserVerification,
                    allowedCredentialIDs: allowed.compactMap { Base64URL.decode($0) }
                ),
                credential: StoredCredential(
                    id: Array(credential.id),
                    publicKey: key,
                    signCount: UInt32(clamping: credential.signCount),
                    backupEligible: credential.backupEligible,
                    userHandle: Array(owner.userHandle)
                )
            )
        } catch {
            throw CeremonyEnvironment.problem(error)
        }
        // DESIGN.md: the level is re-checked at every sign-in against the current metadata.
        let evidence = try JSONResponse.decoder().decode(AttestationEvidence.self, from: Data(credential.evidence.utf8))
        let decision = AssurancePolicy.evaluate(
            evidence,
            flags: CeremonyFlags(userVerified: verified.userVerified, backupEligible: verified.backupEligible, backupState: verified.backupState),
            metadata: configuration.metadata,
            operatorAnchors: configuration.operatorAnchors,
            settings: environment.policySettings,
            at: now
        )
        guard decision.outcome != .reject else {
            throw Problem(
                code: "passkey-not-trusted",
                detail: decision.reasons.map(\.text).joined(separator: " "),
                reason: decision.reasonCodes.first
            )
        }
        // DESIGN.md: a new high-assurance key satisfies step-up only after its hold
        let held = decision.outcome == .phrh && (credential.stepUpAfter ?? .distantPast) > now
        if ceremony.requiredAssurance == "phrh", decision.outcome != .phrh || held {
            throw Problem(
                code: "insufficient-assurance",
                detail: "This sign-in needs a passkey on a security key.",
                reason: decision.reasonCodes.first
            )
        }
        try stored {
            try environment.database.completeAuthentication(
                ceremonyID: ceremony.id,
                credentialID: credential.id,
                expectedSignCount: credential.signCount,
                newSignCount: Int64(verified.newSignCount),
                backupState: verified.backupState,
                assurance: decision.storedAssurance,
                assuranceReasons: try JSONResponse.string(decision.reasons.map(\.text)),
                now: now
            )
        }
        // A held key signs in, but counts as phr until its hold has passed.
        let acr = held ? AssuranceOutcome.phr.rawValue : decision.outcome.rawValue
        let amr = RegistrationController.amr(backupEligible: verified.backupEligible, userVerified: verified.userVerified)
        let event = SessionEventRecord(
            sessionID: "",
            credentialID: credential.id,
            acr: acr,
            amr: try JSONResponse.string(amr),
            authTime: now
        )
        try environment.audit(
            ceremony.requiredAssurance == "phrh" ? .stepUp : .signIn,
            userID: credential.userID,
            detail: ["acr": acr, "passkey": Base64URL.encode(Array(credential.id)), "method": "passkey"],
            context: context
        )
        let redirect = ceremony.authorizationRequestID.map(PendingAuthorization.resumeLocation(id:)) ?? "/app/"
        var response = try JSONResponse.make(AuthenticationVerifyResponse(acr: acr, amr: amr, username: owner.username, redirect: redirect))
        response.setCookie(try sessions.start(userID: credential.userID, event: event, request: request, context: context, now: now))
        return response
    }

    /// A stable, meaningless credential id for a username nobody has: HMAC of the username under an
    /// installation secret, so repeated asks give the same answer.
    func decoyCredentialID(for username: String) throws -> [UInt8] {
        let secret = try stored { try environment.database.installationSecret(named: "decoy-credential-key") }
        let mac = HMAC<SHA256>.authenticationCode(for: Data(username.lowercased().utf8), using: SymmetricKey(data: secret))
        return Array(mac)
    }
}
