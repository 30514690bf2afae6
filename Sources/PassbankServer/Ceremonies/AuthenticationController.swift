import Banking
import Crypto
import FIDOMetadata
import Foundation
import HTTPTypes
import Hummingbird
import OpenIDProvider
import Storage
import WebAuthn

/// `POST /webauthn/authentication/options` and `/verify`: sign-in with a passkey (WebAuthn L3 §7.2),
/// autofill (no username) or username-first, with the passkey's level decided again each time.
struct AuthenticationController: Sendable {
    let environment: CeremonyEnvironment
    let sessions: SessionCookies

    func addRoutes(to router: some RouterMethods<PassbankRequestContext>) {
        router.post("/webauthn/authentication/options") { request, context in try await options(request, context: context) }
        router.post("/webauthn/authentication/verify") { request, context in
            try await environment.auditingRefusal(.signIn, context: context) { try await verify(request, context: context) }
        }
    }

    func options(_ request: Request, context: PassbankRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(AuthenticationOptionsRequest.self, context: context)
        let now = environment.now()
        let pending = try body.request.map { try PendingAuthorization.load(id: $0, database: environment.database, now: now) }
        let requiresHighAssurance = pending?.requiresHighAssurance ?? false
        let named = try namedAccount(username: body.username, pending: pending)
        // Only the signed-in holder of the named account learns what it has; anyone else gets the
        // same answer for an account that exists and one that doesn't.
        let holder = try sessions.current(request, context: context, now: now)?.session.userID
        let isHolder = named?.userID != nil && holder == named?.userID
        if let named, !isHolder {
            // Prompts started for a named account, per address: a stranger spends their own budget,
            // never the holder's (docs/security.md, finding 4).
            let bucket = AbuseLimiters.accountKey(named.key, address: context.clientAddress)
            if let seconds = environment.limiters.ceremoniesPerAccount.take(bucket, now: now) {
                throw Problem.rateLimited(retryAfter: seconds)
            }
        }
        var allow: [CredentialDescriptor] = []
        if let named {
            allow = try allowedCredentials(for: named, highAssurance: requiresHighAssurance, isHolder: isHolder, now: now)
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
            userID: named?.userID,
            authorizationRequestID: pending?.record.id,
            requireUserVerification: requiresHighAssurance,
            // The level the pending request asks for: a sign-in below it cannot answer it.
            requiredAssurance: pending?.request.acrRequirement.minimum.flatMap { $0 > .pwd ? $0.rawValue : nil },
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
        // DESIGN.md new-key hold: until it ends, the passkey signs in at its hold level (phr, or pwd
        // for one added from a password-only session), whatever it is worth afterwards.
        let holdEnds = (credential.stepUpAfter ?? .distantPast) > now ? credential.stepUpAfter : nil
        var level = AuthenticationContextClass(rawValue: decision.outcome.rawValue) ?? .phr
        if holdEnds != nil { level = min(level, AuthenticationContextClass(rawValue: credential.holdLevel ?? "") ?? .phr) }
        if let required = ceremony.requiredAssurance.flatMap(AuthenticationContextClass.init(rawValue:)), !level.satisfies(required) {
            var extensions: [String: String] = [:]
            if let holdEnds, let when = CeremonyEnvironment.iso(holdEnds) { extensions["countsFrom"] = when }
            throw Problem(
                code: "insufficient-assurance",
                detail: holdEnds == nil
                    ? "This sign-in needs a passkey on a security key."
                    : "This passkey was added recently; it counts for this from \(extensions["countsFrom"] ?? "later"), after the wait that protects new passkeys.",
                reason: holdEnds == nil ? decision.reasonCodes.first : "new-key-hold",
                extensions: extensions
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
        let acr = level.rawValue
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

    /// The account a ceremony is for: the pending request's subject (a step-up, a `login_hint` that
    /// named an account), else its `login_hint`, else the typed username; `nil` for a username-less
    /// (autofill) sign-in. `key` identifies it for limits and decoys whether or not it exists.
    struct NamedAccount {
        var userID: String?
        var key: String
    }

    func namedAccount(username: String?, pending: PendingAuthorization?) throws -> NamedAccount? {
        let typed = pending?.request.loginHint ?? username ?? ""
        if let subject = pending?.record.subjectUserID {
            // A step-up (or login_hint) names the account: only its passkeys may answer, so another
            // person's passkey cannot raise this session (the provider module's rule).
            return NamedAccount(userID: subject, key: typed.isEmpty ? "user:" + subject : "name:" + Username.key(typed))
        }
        guard !typed.isEmpty else { return nil }
        // Every spelling of a name reaches the same account, limit and decoy (Username.key).
        let key = Username.key(typed)
        guard !key.isEmpty, key.utf8.count <= 256 else {
            throw Problem(code: "username-invalid", detail: "Enter the username of your account.")
        }
        let user = try stored { try environment.database.user(username: typed) }
        return NamedAccount(userID: user?.id, key: "name:" + key)
    }

    /// The credentials the ceremony allows. An account that doesn't exist, and (for a stranger) an
    /// account without a passkey that counts for `phrh`, get one stable decoy id instead, so the
    /// answer does not tell who has an account or a security key here.
    func allowedCredentials(for named: NamedAccount, highAssurance: Bool, isHolder: Bool, now: Date) throws -> [CredentialDescriptor] {
        guard let userID = named.userID else { return [try decoy(for: named)] }
        guard highAssurance else {
            return try stored({ try environment.database.credentials(userID: userID) }).map(RegistrationController.descriptor)
        }
        // DESIGN.md flow 5: only the account's high-assurance passkeys whose new-key hold has passed
        let strong = try stored({
            try OAuthEnvironment.highAssuranceCredentials(database: environment.database, userID: userID, now: now)
        }).map(RegistrationController.descriptor)
        guard strong.isEmpty else { return strong }
        guard isHolder else { return [try decoy(for: named)] }
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

    /// A stable, meaningless credential: HMAC of the account's key under an installation secret, so
    /// repeated asks give the same answer, in the shape of a passkey on a phone.
    func decoy(for named: NamedAccount) throws -> CredentialDescriptor {
        let secret = try stored { try environment.database.installationSecret(named: "decoy-credential-key") }
        let mac = HMAC<SHA256>.authenticationCode(for: Data(named.key.utf8), using: SymmetricKey(data: secret))
        return CredentialDescriptor(id: Array(mac), transports: ["internal", "hybrid"])
    }
}
