import FIDOMetadata
import Foundation
import Hummingbird
import Storage

extension CeremonyEnvironment {
    /// Writes a security event of a sign-in or registration to the audit log.
    /// - Throws: `Problem` `service-unavailable` when it cannot be written: nothing goes unrecorded.
    func audit(
        _ kind: AuditEventRecord.Kind,
        outcome: AuditEventRecord.Outcome = .ok,
        userID: String?,
        detail: [String: String],
        context: PassbankRequestContext
    ) throws {
        let event = AuditEventRecord(at: now(), userID: userID, kind: kind, outcome: outcome, detail: detail, address: context.clientAddress)
        try stored { try database.recordAudit(event) }
    }

    /// Runs a ceremony step; a refusal is written to the audit log (with its code) and rethrown.
    func auditingRefusal(
        _ kind: AuditEventRecord.Kind,
        context: PassbankRequestContext,
        _ body: () async throws -> Response
    ) async throws -> Response {
        do {
            return try await body()
        } catch let problem as Problem {
            try? audit(kind, outcome: .refused, userID: nil, detail: ["code": problem.code, "reason": problem.reason ?? ""], context: context)
            throw problem
        }
    }
}

extension AssuranceDecision {
    /// The level kept with the passkey: a key held back only by the new-key hold is stored as
    /// `phrh` with its `stepUpAfter`, so that it counts once the hold is over (a sign-in with it, or
    /// the step-up prompt, re-judges it then); the acr of a sign-in during the hold stays `phr`.
    var storedAssurance: String {
        reasonCodes.contains("new-key-hold") ? AssuranceOutcome.phrh.rawValue : outcome.rawValue
    }
}
