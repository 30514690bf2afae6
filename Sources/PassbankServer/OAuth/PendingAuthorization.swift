import Foundation
import OpenIDProvider
import Storage

/// A stored authorization request, decoded: what the sign-in and step-up ceremonies were sent for.
struct PendingAuthorization: Sendable {
    let record: PendingAuthorizationRecord
    let request: AuthorizationRequest

    /// Whether the ceremony must use a passkey that counts for `phrh`.
    var requiresHighAssurance: Bool { request.acrRequirement.minimum == .phrh }

    /// The pending request `id`, still open at `now`.
    ///
    /// - Throws: `Problem` `authorization-request-unknown` when it is unknown, expired or unreadable.
    static func load(id: String, database: AppDatabase, now: Date) throws -> PendingAuthorization {
        guard id.utf8.count <= 64, let record = try stored({ try database.pendingAuthorization(id: id, now: now) }),
            let request = OAuthWire.decode(AuthorizationRequest.self, record.request)
        else {
            throw Problem(
                code: "authorization-request-unknown",
                detail: "This sign-in request has expired or was already completed. Go back to the app and start again."
            )
        }
        return PendingAuthorization(record: record, request: request)
    }

    /// Where the page goes after a ceremony for this request: back into `/oauth2/authorize`.
    static func resumeLocation(id: String) -> String {
        "/oauth2/authorize?request_id="
            + (id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_"))) ?? "")
    }
}
