import Banking
import Foundation
import HTTPTypes
import Hummingbird
import OpenIDProvider
import Storage

/// The person behind a verified access token, and the grant it was issued under.
struct Customer: Sendable {
    let claims: AccessTokenClaims
    let user: UserRecord
    let grant: GrantRecord

    var authTime: Date { Date(timeIntervalSince1970: TimeInterval(claims.auth_time)) }

    /// How the token's holder authenticated, as the risk policy reads it (UV from `amr` `user`).
    var authentication: RiskPolicy.Authentication {
        RiskPolicy.Authentication(acr: claims.acr, authTime: authTime, userVerified: claims.amr.contains("user"))
    }
}

/// Scopes of the banking API (docs/banking-api.md).
enum BankingScope {
    static let accounts = "accounts"
    static let payments = "payments"
    static let passkeys = "passkeys"
}

extension BankingEnvironment {
    static let realm = "passbank-api"

    /// Verifies the bearer access token (RFC 6750 §2.1, RFC 9068 §4) and its scope.
    /// - Throws: `Problem` `token-missing`, `token-invalid` (401) or `scope-insufficient` (403),
    ///   each with its `WWW-Authenticate` challenge (RFC 6750 §3).
    func customer(_ request: Request, scope: String) async throws -> Customer {
        guard let header = request.headers[.authorization] else {
            // RFC 6750 §3.1: a request without credentials gets a challenge without an error code
            throw Problem(
                code: "token-missing",
                detail: "Send an access token in the Authorization header.",
                headers: [.wwwAuthenticate: "Bearer realm=\"\(Self.realm)\""]
            )
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Self.invalidToken("The Authorization header is not a bearer token.")
        }
        let claims: AccessTokenClaims
        do {
            let signer = try await keys.ready()
            claims = try await signer.verifyAccessToken(String(parts[1]).trimmingCharacters(in: .whitespaces), now: now())
        } catch {
            if error.code == "temporarily_unavailable" || error.code == "server_error" {
                throw Problem(code: "service-unavailable", detail: "The bank can’t check access tokens just now. Try again in a moment.")
            }
            throw Self.invalidToken(error.description)
        }
        guard let user = try refusing({ try database.user(id: claims.sub) }) else {
            throw Self.invalidToken("The account behind this access token no longer exists.")
        }
        // The API is the provider's own resource server: a revoked grant (sign-out, a removed
        // passkey, a reused code or refresh token) is refused now, not when the token expires.
        guard let grantID = claims.grant_id, let grant = try refusing({ try database.activeGrant(familyID: grantID) }),
            grant.userID == user.id
        else {
            throw Self.invalidToken("This access token was revoked. Sign in again.")
        }
        // RFC 6750 §3.1: insufficient_scope names the scope needed
        guard claims.scope.split(separator: " ").contains(Substring(scope)) else {
            throw Problem(
                code: "scope-insufficient",
                detail: "This access token was not granted the \(scope) scope.",
                headers: [.wwwAuthenticate: "Bearer realm=\"\(Self.realm)\", error=\"insufficient_scope\", scope=\"\(scope)\""]
            )
        }
        return Customer(claims: claims, user: user, grant: grant)
    }

    static func invalidToken(_ description: String) -> Problem {
        let safe = description.filter { $0 != "\"" && $0 != "\\" }
        return Problem(
            code: "token-invalid",
            detail: description,
            headers: [.wwwAuthenticate: "Bearer realm=\"\(realm)\", error=\"invalid_token\", error_description=\"\(safe)\""]
        )
    }

    /// Applies the risk policy to `operation` for `customer`.
    /// - Throws: `Problem` `step-up-required` (401, RFC 9470 §3 challenge) or `operation-denied`
    ///   (403); either is written to the audit log.
    func authorize(_ operation: RiskPolicy.Operation, for customer: Customer, address: String) throws {
        let decision = RiskPolicy.decide(operation, by: customer.authentication, now: now(), settings: settings)
        try enforce(decision, on: operation, for: customer, address: address)
    }

    /// Answers a decision already made: nothing for `allow`, else the challenge or the refusal.
    func enforce(_ decision: RiskPolicy.Decision, on operation: RiskPolicy.Operation, for customer: Customer, address: String) throws {
        switch decision {
        case .allow:
            return
        case .stepUp(let acr, let maxAge):
            let error = OAuthError.insufficientUserAuthentication(
                acr == "phrh" ? "Confirm with your security key to continue." : "Sign in with a passkey to continue."
            )
            try audit(
                AuditEventRecord(
                    at: now(),
                    userID: customer.user.id,
                    kind: .stepUpRequired,
                    outcome: .refused,
                    detail: ["operation": Self.describe(operation), "acr": customer.claims.acr, "required": acr],
                    address: address
                )
            )
            // RFC 9470 §3: error, acr_values and max_age in the Bearer challenge
            throw Problem(
                code: "step-up-required",
                detail: error.description,
                headers: [
                    .wwwAuthenticate: AccessTokenClaims.stepUpChallenge(
                        error: error,
                        acr: AuthenticationContextClass(rawValue: acr),
                        maxAge: maxAge
                    )
                ]
            )
        case .deny(let reason):
            throw Problem(code: "operation-denied", detail: reason)
        }
    }

    static func describe(_ operation: RiskPolicy.Operation) -> String {
        switch operation {
        case .read: "read"
        case .renamePasskey: "rename-passkey"
        case .transfer(let amount): "transfer \(amount)"
        case .payment(let amount, let sentRecently): "payment \(amount) after \(sentRecently)"
        case .addPayee: "add-payee"
        case .removePasskey: "remove-passkey"
        }
    }
}
