import Banking
import FIDOMetadata
import Foundation
import HTTPTypes
import Hummingbird
import OpenIDProvider
import Storage
import WebAuthn

/// `POST /webauthn/registration/options` and `/verify`: sign-up with a passkey, or a signed-in
/// person adding one (WebAuthn L3 §7.1).
struct RegistrationController: Sendable {
    let environment: CeremonyEnvironment
    let sessions: SessionCookies
    /// Verifies bearer access tokens: a native app or API client adds a passkey with one (DESIGN.md).
    let bearer: BankingEnvironment

    func addRoutes(to router: some RouterMethods<PassbankRequestContext>) {
        router.post("/webauthn/registration/options") { request, context in try await options(request, context: context) }
        router.post("/webauthn/registration/verify") { request, context in
            try await environment.auditingRefusal(.passkeyAdded, context: context) { try await verify(request, context: context) }
        }
    }

    func options(_ request: Request, context: PassbankRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(RegistrationOptionsRequest.self, context: context)
        let now = environment.now()
        let pending = try body.request.map { try PendingAuthorization.load(id: $0, database: environment.database, now: now) }
        var ceremony: CeremonyRecord
        let username: String
        let displayName: String
        let userHandle: Data
        var exclude: [CredentialDescriptor] = []
        // A username means sign-up (a new account), even from a browser that is signed in;
        // without one, the signed-in person adds a passkey to their own account.
        let signingUp = !(body.username ?? "").isEmpty
        let signedIn = signingUp ? nil : try await caller(request, context: context, now: now)
        if !signingUp, signedIn == nil {
            throw Problem(code: "sign-in-required", detail: "Your session has ended. Sign in again, then add the passkey.")
        }
        if let signedIn, let user = try stored({ try environment.database.user(id: signedIn.userID) }) {
            // A signed-in person adds a passkey to their own account.
            username = user.username
            displayName = user.displayName
            userHandle = user.userHandle
            exclude = try stored({ try environment.database.credentials(userID: user.id) }).map(Self.descriptor)
            ceremony = CeremonyRecord(
                id: CeremonyEnvironment.randomToken(),
                kind: .registration,
                challenge: Data(),
                userID: user.id,
                requireUserVerification: false,
                createdAt: now,
                expiresAt: now
            )
        } else {
            username = try AccountName.validUsername(body.username)
            displayName = try AccountName.validDisplayName(body.displayName, fallback: username)
            guard try stored({ try environment.database.user(username: username) }) == nil else {
                throw Problem(code: "username-taken", detail: "That username is already taken. Choose another one.")
            }
            var generator = SystemRandomNumberGenerator()
            userHandle = Data(RelyingParty.makeUserHandle(using: &generator))
            ceremony = CeremonyRecord(
                id: CeremonyEnvironment.randomToken(),
                kind: .registration,
                challenge: Data(),
                pendingUsername: username,
                pendingDisplayName: displayName,
                pendingUserHandle: userHandle,
                requireUserVerification: false,
                createdAt: now,
                expiresAt: now
            )
        }
        // DESIGN.md flow 1: "this device" -> client-device; "security key" -> security-key, cross-platform.
        let securityKey = body.authenticator == "security-key"
        var generator = SystemRandomNumberGenerator()
        let built: (options: PublicKeyCredentialCreationOptionsJSON, challenge: [UInt8])
        do {
            built = try environment.relyingParty.creationOptions(
                userHandle: Array(userHandle),
                userName: username,
                displayName: displayName,
                excludeCredentials: exclude,
                selection: AuthenticatorSelection(
                    authenticatorAttachment: securityKey ? "cross-platform" : nil,
                    residentKey: "required",
                    userVerification: "preferred"
                ),
                hints: securityKey ? [.securityKey] : (body.authenticator == "client-device" ? [.clientDevice] : []),
                attestation: .direct,
                timeoutMilliseconds: Int(environment.configuration.sessions.ceremonyLifetime.timeInterval * 1000),
                using: &generator
            )
        } catch {
            throw Problem(code: "username-invalid", detail: error.reason)
        }
        ceremony.challenge = Data(built.challenge)
        ceremony.authorizationRequestID = pending?.record.id
        ceremony.expiresAt = now.addingTimeInterval(environment.configuration.sessions.ceremonyLifetime.timeInterval)
        try stored { try environment.database.insert(ceremony) }
        return try JSONResponse.make(CreationOptionsResponse(ceremonyId: ceremony.id, publicKey: built.options))
    }

    func verify(_ request: Request, context: PassbankRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(RegistrationVerifyRequest.self, context: context)
        let now = environment.now()
        let ceremony = try stored { try environment.database.openCeremony(id: body.ceremonyId, kind: .registration, now: now) }
        let configuration = environment.configuration
        let registered: RegisteredCredential
        do {
            registered = try await environment.relyingParty.verifyRegistration(
                body.credential,
                expecting: RegistrationExpectation(challenge: Array(ceremony.challenge)),
                at: now
            )
        } catch {
            throw CeremonyEnvironment.problem(error)
        }
        // The passkey's level: DESIGN.md "Assurance levels and ACR", decided now and stored with it.
        let signUp = ceremony.userID == nil
        var enroller: Enroller?
        if !signUp {
            let caller = try await caller(request, context: context, now: now)
            guard let caller, caller.userID == ceremony.userID else {
                throw Problem(code: "passkey-not-allowed", detail: "Sign in again to add a passkey to your account.")
            }
            enroller = caller
        }
        // DESIGN.md new-key hold: a key counts at once only when added at sign-up or from a phrh
        // authentication no older than the step-up max age; an old phrh (a leaked refresh token or
        // cookie) must not mint its own way back to phrh (docs/security.md, finding 1).
        let maxAge = TimeInterval(configuration.risk.stepUpMaxAge)
        let held = enroller.map { !$0.hasFreshHighAssurance(now: now, maxAge: maxAge) } ?? false
        let assessor = AttestationAssessor(metadata: configuration.metadata, operatorAnchors: configuration.operatorAnchors)
        let evidence = await assessor.evidence(for: registered, at: now, addedFromSessionBelowPHRH: held)
        let decision = AssurancePolicy.evaluate(
            evidence,
            flags: CeremonyFlags(
                userVerified: registered.userVerified,
                backupEligible: registered.backupEligible,
                backupState: registered.backupState
            ),
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
        let hold = Self.hold(decision, held: held, enroller: enroller, now: now, holdLength: environment.policySettings.newKeyHoldInterval)
        let userID = ceremony.userID ?? UUID().uuidString.lowercased()
        let newUser =
            signUp
            ? UserRecord(
                id: userID,
                username: ceremony.pendingUsername ?? "",
                displayName: ceremony.pendingDisplayName ?? "",
                userHandle: ceremony.pendingUserHandle ?? Data(),
                createdAt: now
            ) : nil
        let record = CredentialRecord(
            id: Data(registered.credentialID),
            userID: userID,
            publicKey: Data(registered.publicKey.encoded),
            signCount: Int64(registered.signCount),
            aaguid: registered.aaguidString,
            attestationFormat: registered.attestationFormat,
            attestationType: registered.attestationType.rawValue,
            attestationObject: Data(Base64URL.decode(body.credential.response.attestationObject) ?? []),
            evidence: try JSONResponse.string(evidence),
            backupEligible: registered.backupEligible,
            backupState: registered.backupState,
            transports: try JSONResponse.string(registered.transports),
            attachment: registered.authenticatorAttachment,
            assurance: decision.storedAssurance,
            assuranceReasons: try JSONResponse.string(decision.reasons.map(\.text)),
            createdAt: now,
            // The passkey that opens an account also signs the person in: that is its first use.
            lastUsedAt: signUp ? now : nil,
            stepUpAfter: hold?.until,
            holdLevel: hold?.level
        )
        try stored { try environment.database.completeRegistration(ceremonyID: ceremony.id, newUser: newUser, credential: record, now: now) }
        if signUp { try environment.audit(.signUp, userID: userID, detail: ["acr": decision.outcome.rawValue], context: context) }
        var added = ["passkey": Base64URL.encode(Array(record.id)), "assurance": record.assurance, "aaguid": record.aaguid]
        // DESIGN.md: the audit log records when a key added from a weaker session starts to count.
        if let countsFrom = CeremonyEnvironment.iso(record.stepUpAfter) { added["countsFrom"] = countsFrom }
        try environment.audit(.passkeyAdded, userID: userID, detail: added, context: context)

        var response = try JSONResponse.make(
            RegistrationVerifyResponse(
                passkey: summary(record),
                redirect: ceremony.authorizationRequestID.map(PendingAuthorization.resumeLocation(id:)) ?? (signUp ? "/app/" : nil)
            ),
            status: .created
        )
        if signUp {
            // Sign-up signs the person in with the passkey just made (DESIGN.md flow 1).
            let event = SessionEventRecord(
                sessionID: "",
                credentialID: record.id,
                acr: decision.outcome.rawValue,
                amr: try JSONResponse.string(Self.amr(backupEligible: registered.backupEligible, userVerified: registered.userVerified)),
                authTime: now
            )
            response.setCookie(try sessions.start(userID: userID, event: event, request: request, context: context, now: now))
        }
        return response
    }

    /// Who is adding a passkey to their own account, and how they last authenticated.
    struct Enroller {
        var userID: String
        /// The authentications behind the caller: the session's events, or the bearer token's one.
        var authentications: [(acr: String, authTime: Date)]

        /// Whether one of them reached `phrh` no more than `maxAge` seconds ago.
        func hasFreshHighAssurance(now: Date, maxAge: TimeInterval) -> Bool {
            authentications.contains { $0.acr == "phrh" && now.timeIntervalSince($0.authTime) <= maxAge }
        }

        /// Whether nothing but a password stands behind the caller.
        var isPasswordOnly: Bool { authentications.allSatisfy { $0.acr == "pwd" } }
    }

    /// Who is adding a passkey: the provider session (cookie), else a bearer access token with the
    /// `passkeys` scope (a native app or API client). Their authentications decide the new-key hold.
    func caller(_ request: Request, context: PassbankRequestContext, now: Date) async throws -> Enroller? {
        if let session = try sessions.current(request, context: context, now: now) {
            return Enroller(userID: session.session.userID, authentications: session.events.map { ($0.acr, $0.authTime) })
        }
        guard request.headers[.authorization] != nil else { return nil }
        let customer = try await bearer.customer(request, scope: BankingScope.passkeys)
        return Enroller(userID: customer.user.id, authentications: [(customer.claims.acr, customer.authTime)])
    }

    /// The new-key hold of a passkey just added: until when, and at which level it signs in
    /// meanwhile. A high-assurance key added without a fresh `phrh` counts as `phr` until the hold
    /// ends (the policy's `new-key-hold`); any passkey added from a password-only session counts as
    /// the password (`pwd`: it may read, not move money) until then, so a phished password cannot
    /// enrol its own passkey and move money at once (docs/security.md, finding 8).
    static func hold(
        _ decision: AssuranceDecision,
        held: Bool,
        enroller: Enroller?,
        now: Date,
        holdLength: TimeInterval
    ) -> (until: Date, level: String)? {
        guard held, let enroller else { return nil }
        let until = decision.countsForStepUpAt ?? now.addingTimeInterval(holdLength)
        if enroller.isPasswordOnly, holdLength > 0 { return (until, "pwd") }
        return decision.countsForStepUpAt.map { ($0, AssuranceOutcome.phr.rawValue) }
    }

    func summary(_ record: CredentialRecord) -> PasskeySummary {
        PasskeySummary(
            id: Base64URL.encode(Array(record.id)),
            name: record.name,
            provider: environment.providerNames.name(for: AAGUID(record.aaguid), metadata: environment.configuration.metadata),
            assurance: record.assurance,
            reasons: (try? JSONDecoder().decode([String].self, from: Data(record.assuranceReasons.utf8))) ?? [],
            backupEligible: record.backupEligible,
            createdAt: CeremonyEnvironment.iso(record.createdAt) ?? "",
            lastUsedAt: CeremonyEnvironment.iso(record.lastUsedAt),
            stepUpAfter: CeremonyEnvironment.iso(record.stepUpAfter)
        )
    }

    /// RFC 8176 method references for a passkey ceremony.
    static func amr(backupEligible: Bool, userVerified: Bool) -> [String] {
        var methods = [backupEligible ? "swk" : "hwk"]
        if userVerified { methods += ["user", "mfa"] }
        return methods
    }

    static func descriptor(_ record: CredentialRecord) -> CredentialDescriptor {
        let transports = (try? JSONDecoder().decode([String].self, from: Data(record.transports.utf8))) ?? []
        return CredentialDescriptor(id: Array(record.id), transports: transports.isEmpty ? nil : transports)
    }
}

/// Runs a storage call, turning its refusal into the matching problem.
func stored<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as StorageError {
        throw CeremonyEnvironment.problem(error)
    }
}
