import ArgumentParser
import Foundation
import Storage

/// `passbank audit`: the security events the bank recorded, newest first — sign-ins, step-ups,
/// passkeys added (with when a held key starts to count), renamed and removed, payees added,
/// transfers, step-up challenges and refused attempts.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Show the security audit log, newest first."
    )

    @Option(help: "Only this person's events (their username).")
    var user: String?

    @Option(help: "How many events to show (1-100000).")
    var limit: Int = 50

    @Flag(help: "One JSON object per line instead of a table.")
    var json = false

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        guard (1...100_000).contains(limit) else { throw ValidationError("--limit must be from 1 to 100000.") }
        let database = try options.open()
        var userID: String?
        if let user {
            guard let record = try database.user(username: user) else {
                throw ValidationError("No account is called '\(user)'.")
            }
            userID = record.id
        }
        let events = try database.auditEvents(userID: userID, limit: limit)
        let names = try Dictionary(
            Set(events.compactMap(\.userID)).compactMap { id in try database.user(id: id).map { (id, $0.username) } },
            uniquingKeysWith: { first, _ in first }
        )
        let time = Date.ISO8601FormatStyle()
        for event in events {
            let who = event.userID.map { names[$0] ?? $0 } ?? "-"
            if json {
                let detail = (try? JSONDecoder().decode([String: String].self, from: Data(event.detail.utf8))) ?? [:]
                let line = Line(
                    at: event.at.formatted(time),
                    user: who,
                    kind: event.kind.rawValue,
                    outcome: event.outcome.rawValue,
                    address: event.address,
                    detail: detail
                )
                print(String(decoding: try JSONEncoder.sorted.encode(line), as: UTF8.self))
            } else {
                let columns = [event.at.formatted(time), who, event.kind.rawValue, event.outcome.rawValue, event.address ?? "-", event.detail]
                print(columns.joined(separator: "  "))
            }
        }
        if events.isEmpty { FileHandle.standardError.write(Data("No events recorded yet.\n".utf8)) }
    }
}

/// One event of `--json` output.
private struct Line: Encodable {
    var at: String
    var user: String
    var kind: String
    var outcome: String
    var address: String?
    var detail: [String: String]
}

extension JSONEncoder {
    fileprivate static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
