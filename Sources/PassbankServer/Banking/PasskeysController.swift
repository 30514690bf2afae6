import Banking
import FIDOMetadata
import Foundation
import Hummingbird
import OpenIDProvider
import Storage
import WebAuthn

/// `GET /api/passkeys`, `PATCH /api/passkeys/{id}` (rename), `DELETE /api/passkeys/{id}` (high-risk)
/// — DESIGN.md flow 6.
struct PasskeysController: Sendable {
    let environment: BankingEnvironment

    struct Passkey: Encodable {
        var id: String
        var name: String?
        var provider: String
        var deviceBound: Bool
        var backedUp: Bool
        var assurance: String
        var satisfiesStepUp: Bool
        var countsFrom: Date?
        var createdAt: Date
        var lastUsedAt: Date?
        var transports: [String]
        var attachment: String?

        func encode(to encoder: any Encoder) throws {
            // Absent dates are explicit nulls: the page tells "never used" from a missing field.
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
            try container.encode(provider, forKey: .provider)
            try container.encode(deviceBound, forKey: .deviceBound)
            try container.encode(backedUp, forKey: .backedUp)
            try container.encode(assurance, forKey: .assurance)
            try container.encode(satisfiesStepUp, forKey: .satisfiesStepUp)
            try container.encode(countsFrom, forKey: .countsFrom)
            try container.encode(createdAt, forKey: .createdAt)
            try container.encode(lastUsedAt, forKey: .lastUsedAt)
            try container.encode(transports, forKey: .transports)
            try container.encode(attachment, forKey: .attachment)
        }

        enum CodingKeys: String, CodingKey {
            case id, name, provider, deviceBound, backedUp, assurance, satisfiesStepUp, countsFrom, createdAt, lastUsedAt, transports, attachment
        }
    }

    struct Passkeys: Encodable {
        var passkeys: [Passkey]
        /// Whether the account still has a legacy password (another way to sign in).
        var password: Bool
    }

    struct OnePasskey: Encodable { var passkey: Passkey }
    struct RenameBody: Decodable { var name: String? }

    func addRoutes(to router: some RouterMethods<PassbankRequestContext>) {
        router.get("passkeys") { request, _ in try await list(request) }
        router.patch("passkeys/{id}") { request, context in try await rename(request, context: context) }
        router.delete("passkeys/{id}") { request, context in try await remove(request, context: context) }
    }

    func list(_ request: Request) async throws -> Response {
        let customer = try await environment.customer(request, scope: BankingScope.passkeys)
        let records = try environment.refusing { try environment.database.credentials(userID: customer.user.id) }
        let now = environment.now()
        return try JSONResponse.make(Passkeys(passkeys: records.map { describe($0, now: now) }, password: customer.user.passwordHash != nil))
    }

    func rename(_ request: Request, context: PassbankRequestContext) async throws -> Response {
        let customer = try await environment.customer(request, scope: BankingScope.passkeys)
        let id = try Self.credentialID(context)
        let body = try await request.decodeJSON(RenameBody.self, context: context, allowingOrigin: environment.allowsOrigin)
        let name = try environment.refusing {
            try DisplayText.validate(body.name, maxLength: 64, required: true, code: "passkey-name-invalid", what: "a name for the passkey")
        }
        try environment.authorize(.renamePasskey, for: customer, address: context.clientAddress)
        let now = environment.now()
        let record = try environment.refusing {
            try environment.database.renameCredential(
                id: id,
                userID: customer.user.id,
                name: name,
                audit: AuditEventRecord(
                    at: now,
                    userID: customer.user.id,
                    kind: .passkeyRenamed,
                    outcome: .ok,
                    detail: ["passkey": Base64URL.encode(Array(id)), "name": name],
                    address: context.clientAddress
                )
            )
        }
        return try JSONResponse.make(OnePasskey(passkey: describe(record, now: now)))
    }

    func remove(_ request: Request, context: PassbankRequestContext) async throws -> Response {
        let customer = try await environment.customer(request, scope: BankingScope.passkeys)
        return try await environment.auditingRefusal(.passkeyRemoved, for: customer, context: context) {
            try remove(context: context, customer: customer)
        }
    }

    func remove(context: PassbankRequestContext, customer: Customer) throws -> Response {
        let id = try Self.credentialID(context)
        try environment.authorize(.removePasskey, for: customer, address: context.clientAddress)
        let now = environment.now()
        try environment.refusing {
            try environment.database.removeCredential(
                id: id,
                userID: customer.user.id,
                // What the passkey minted dies with it, except the session of this very request,
                // which has just proved a fresh phrh (docs/security.md, finding 2).
                keepingSession: customer.grant.sessionID,
                audit: AuditEventRecord(
                    at: now,
                    userID: customer.user.id,
                    kind: .passkeyRemoved,
                    outcome: .ok,
                    detail: ["passkey": Base64URL.encode(Array(id)), "acr": customer.claims.acr],
                    address: context.clientAddress
                )
            )
        }
        var response = Response(status: .noContent)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    static func credentialID(_ context: PassbankRequestContext) throws -> Data {
        guard let text = context.parameters.get("id"), text.utf8.count <= 1400, let bytes = Base64URL.decode(text), !bytes.isEmpty else {
            throw Problem(code: "passkey-not-found", detail: "No passkey of yours has that id.")
        }
        return Data(bytes)
    }

    func describe(_ record: CredentialRecord, now: Date) -> Passkey {
        let holdEnds = record.stepUpAfter.flatMap { $0 > now ? $0 : nil }
        let aaguid = AAGUID(record.aaguid)
        var provider = ProviderNames().name(for: aaguid, metadata: environment.configuration.metadata)
        // A model the operator vouches for is named by its anchor when MDS and the table don't know it.
        if provider == ProviderNames.fallback, let aaguid, let anchor = environment.configuration.operatorAnchors.anchor(for: aaguid) {
            provider = anchor.name
        }
        return Passkey(
            id: Base64URL.encode(Array(record.id)),
            name: record.name,
            provider: provider,
            deviceBound: !record.backupEligible,
            backedUp: record.backupState,
            assurance: record.assurance,
            satisfiesStepUp: record.assurance == "phrh" && holdEnds == nil,
            countsFrom: record.assurance == "phrh" ? holdEnds : nil,
            createdAt: record.createdAt,
            lastUsedAt: record.lastUsedAt,
            transports: (try? JSONDecoder().decode([String].self, from: Data(record.transports.utf8))) ?? [],
            attachment: record.attachment
        )
    }
}
