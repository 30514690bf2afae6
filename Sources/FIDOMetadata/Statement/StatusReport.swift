public import Foundation

/// One status report of a metadata entry (FIDO MDS3 §3.1.3 StatusReport).
public struct StatusReport: Sendable, Hashable {
    public let status: AuthenticatorStatus
    /// When the status took effect; a report without a date is treated as in force since always.
    public let effectiveDate: Date?
    public let authenticatorVersion: Int?
    /// For ATTESTATION_KEY_COMPROMISE: the compromised attestation certificate (base64 DER), if named.
    public let certificate: String?
    public let url: String?
    public let certificationDescriptor: String?

    public init(
        status: AuthenticatorStatus,
        effectiveDate: Date? = nil,
        authenticatorVersion: Int? = nil,
        certificate: String? = nil,
        url: String? = nil,
        certificationDescriptor: String? = nil
    ) {
        self.status = status
        self.effectiveDate = effectiveDate
        self.authenticatorVersion = authenticatorVersion
        self.certificate = certificate
        self.url = url
        self.certificationDescriptor = certificationDescriptor
    }
}

/// The status of an entry at one instant, from its reports.
public struct EntryStatus: Sendable, Hashable {
    /// The report in force: the latest `effectiveDate` not after the instant (FIDO MDS3 §3.1.3); among
    /// reports of the same date, a "do not trust" one wins, then the one listed first.
    public let current: StatusReport?
    /// The "do not trust" report in force, if any: a bad status stays in force until a later
    /// certification report (`FIDO_CERTIFIED*`) supersedes it; UPDATE_AVAILABLE does not.
    public let doNotTrust: StatusReport?
    /// The highest certification level stated by a report in force and not superseded by a bad status.
    public let certificationLevel: CertificationLevel?

    /// Evaluates `reports` at `time`; reports dated after `time` are ignored.
    public init(reports: [StatusReport], at time: Date) {
        let distantPast = Date(timeIntervalSince1970: 0)
        let effective = reports.enumerated()
            .filter { ($0.element.effectiveDate ?? distantPast) <= time }
            .sorted { lhs, rhs in
                let (left, right) = (lhs.element.effectiveDate ?? distantPast, rhs.element.effectiveDate ?? distantPast)
                if left != right { return left < right }
                // Same date: certification first, bad statuses last, so a bad one ends up in force.
                if lhs.element.status.isDoNotTrust != rhs.element.status.isDoNotTrust { return !lhs.element.status.isDoNotTrust }
                return lhs.offset > rhs.offset
            }
            .map(\.element)
        var bad: StatusReport?
        var level: CertificationLevel?
        for report in effective {
            if report.status.isDoNotTrust {
                bad = report
            } else if let stated = report.status.certificationLevel {
                if bad != nil { level = nil }
                bad = nil
                level = max(level ?? stated, stated)
            }
        }
        self.current = effective.last
        self.doNotTrust = bad
        self.certificationLevel = bad == nil ? level : nil
    }
}
