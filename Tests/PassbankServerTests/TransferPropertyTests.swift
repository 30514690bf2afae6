import Banking
import FIDOMetadata
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PassbankServer
import Storage
import Synchronization
import Testing

/// The ledger's invariants under concurrent, partly hostile load: 10,000 random transfers among 50
/// accounts, with idempotent replays, overdraft attempts, bad amounts and reused keys, 32 at a time.
@Suite("Transfers: properties under concurrency")
struct TransferPropertyTests {
    /// A deterministic generator (SplitMix64), so a failure can be replayed from its seed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    struct Operation: Sendable {
        var customer: Int
        var key: String
        var body: String
    }

    struct Answer: Sendable {
        var status: Int
        var body: String
        var replayed: Bool
    }

    /// A lock the workers share.
    final class Shared<Value: Sendable>: Sendable {
        let value: Mutex<Value>
        init(_ initial: Value) { value = Mutex(initial) }
    }

    static let customers = 25
    static let operations = 10_000
    static let concurrency = 32

    @Test("10,000 random concurrent transfers keep the total constant, no balance negative, every replay identical")
    func randomTransfers() async throws {
        let seed = UInt64(ProcessInfo.processInfo.environment["PASSBANK_PROPERTY_SEED"] ?? "") ?? 20_261_122
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("passbank-property-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try AppDatabase.open(at: folder.appendingPathComponent("ledger.sqlite"))
        let now = TestClock().now
        let keys = try (0..<Self.customers).map { try OAuthFlow.SecurityKey(seed: UInt64(200 + $0), now: now) }
        try await BankingHarness.run(
            anchors: keys.map(\.anchor),
            database: database,
            configure: { configuration in
                configuration.risk.dailyLimit = .init(minorUnits: 1 << 50, currency: .euro)
                // 25 sign-ups from one test address: the per-address limit is not what this tests.
                configuration.abuse.perAddress = RateLimit(count: 1_000_000, window: .seconds(60))
            }
        ) {
            harness,
            client in
            // 25 people, 50 accounts; each steps up once and adds two payees (other people's accounts).
            var people: [BankCustomer] = []
            for index in 0..<Self.customers {
                var person = try await BankCustomer.signUp("person\(index)", seed: UInt64(300 + index), client: client)
                try await person.addSecurityKey(keys[index])
                person.token = try await person.stepUp()
                people.append(person)
            }
            var payees: [[String]] = []
            for (index, person) in people.enumerated() {
                var ids: [String] = []
                for offset in [1, 7] {
                    let other = people[(index + offset) % Self.customers]
                    let added = try await person.api(
                        .post,
                        "/api/payees",
                        body: #"{"name":"P\#(offset)","number":"\#(other.accounts[offset % 2].number)"}"#
                    )
                    try #require(added.status == .created)
                    struct Added: Decodable {
                        struct Payee: Decodable { var id: String }
                        var payee: Payee
                    }
                    ids.append(try Browser.decode(Added.self, added).payee.id)
                }
                payees.append(ids)
            }
            let opening = try database.totalBalance()
            #expect(opening == Int64(Self.customers) * 1_500_000)

            // The workload, decided up front from the seed.
            var random = SplitMix(state: seed)
            var plan: [Operation] = []
            for index in 0..<Self.operations {
                let roll = Int.random(in: 0..<100, using: &random)
                if roll < 15, !plan.isEmpty {
                    plan.append(plan[Int.random(in: 0..<plan.count, using: &random)])  // an idempotent replay
                    continue
                }
                let who = Int.random(in: 0..<Self.customers, using: &random)
                let person = people[who]
                let from = person.accounts[Int.random(in: 0..<2, using: &random)].id
                let amount: String
                switch roll {
                case 15..<25: amount = "\"\(Int.random(in: 20_000...40_000, using: &random)).00\""  // an overdraft attempt
                case 25..<35:
                    amount = ["\"0.00\"", "\"-5.00\"", "\"1e3\"", "\"0.001\"", "\"NaN\"", "7", "\"12345678901234567890123456\""].randomElement(
                        using: &random
                    )!
                default: amount = "\"\(Int.random(in: 0...1_999, using: &random)).\(String(format: "%02d", Int.random(in: 1...99, using: &random)))\""
                }
                let body: String
                switch Int.random(in: 0..<10, using: &random) {
                case 0..<5: body = BankCustomer.transferJSON(from: from, to: person.accounts.first { $0.id != from }!.id, amountJSON: amount)
                case 5..<9: body = BankCustomer.transferJSON(from: from, payee: payees[who].randomElement(using: &random)!, amountJSON: amount)
                default: body = BankCustomer.transferJSON(from: from, to: people[(who + 3) % Self.customers].accounts[0].id, amountJSON: amount)
                }
                // Now and then a key is reused with another body.
                let key = roll >= 95 && !plan.isEmpty ? plan[plan.count - 1].key : "op-\(index)"
                plan.append(Operation(customer: roll >= 95 && !plan.isEmpty ? plan[plan.count - 1].customer : who, key: key, body: body))
            }

            let answers = Shared<[(Operation, Answer)]>([])
            let work = Shared(plan[...])
            let started = ContinuousClock.now
            let everyone = people
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<Self.concurrency {
                    group.addTask {
                        while let operation = work.value.withLock({ $0.popFirst() }) {
                            let response = try await everyone[operation.customer].transfer(operation.body, key: operation.key)
                            let answer = Answer(
                                status: Int(response.status.code),
                                body: String(buffer: response.body),
                                replayed: response.headers[HTTPField.Name("Idempotent-Replayed")!] == "true"
                            )
                            answers.value.withLock { $0.append((operation, answer)) }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let elapsed = ContinuousClock.now - started
            let all = answers.value.withLock { $0 }
            #expect(all.count == Self.operations)

            // Never a 5xx; every refusal a problem with a code.
            #expect(all.allSatisfy { $0.1.status < 500 })
            // The same key and body always got the same answer: the stored bytes when replayed; for a
            // request refused before anything was stored (a malformed amount), the same problem
            // except for its own `instance`.
            var byRequest: [String: Answer] = [:]
            var differing: [String] = []
            for (operation, answer) in all {
                let id = "\(operation.customer)|\(operation.key)|\(operation.body)"
                if let first = byRequest[id] {
                    let same =
                        first.status == answer.status
                        && (first.replayed || answer.replayed
                            ? first.body == answer.body : Self.withoutInstance(first.body) == Self.withoutInstance(answer.body))
                    if !same { differing.append("\(first.status) \(first.body) / \(answer.status) \(answer.body)") }
                } else {
                    byRequest[id] = answer
                }
            }
            #expect(differing.isEmpty, "\(differing.prefix(3))")
            // One key moved money at most once.
            struct Created: Decodable {
                struct Transfer: Decodable { var id: String }
                var transfer: Transfer
            }
            var transfersByKey: [String: Set<String>] = [:]
            for (operation, answer) in all where answer.status == 201 {
                let id = try JSONDecoder().decode(Created.self, from: Data(answer.body.utf8)).transfer.id
                transfersByKey["\(operation.customer)|\(operation.key)", default: []].insert(id)
            }
            #expect(transfersByKey.values.allSatisfy { $0.count == 1 })
            let acknowledged = Set(transfersByKey.values.flatMap { $0 })

            // Double entry: the total never changes; no balance is negative; every balance is its
            // opening plus its ledger; each transfer has two entries that cancel out.
            #expect(try database.totalBalance() == opening)
            try Self.checkLedger(database, acknowledged: acknowledged)
            let codes = Dictionary(grouping: all.map { $0.1.status }, by: { $0 }).mapValues(\.count)
            print(
                "property: seed \(seed), \(all.count) requests in \(elapsed), \(acknowledged.count) transfers, statuses \(codes.sorted { $0.key < $1.key })"
            )
            _ = harness
        }
    }

    static func withoutInstance(_ body: String) -> String {
        body.replacing(/"instance":"[0-9a-f]*",?/, with: "")
    }

    /// Double entry, checked in SQL: nothing negative, every balance its opening plus its ledger,
    /// two entries per transfer that cancel out, and exactly the acknowledged transfers stored.
    static func checkLedger(_ database: AppDatabase, acknowledged: Set<String>) throws {
        try database.writer.read { db in
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM bankAccount WHERE balance < 0") == 0)
            let drift = try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM bankAccount a
                    WHERE a.balance <> (CASE a.position WHEN 0 THEN 500000 ELSE 1000000 END)
                      + (SELECT COALESCE(SUM(amount), 0) FROM ledgerEntry e WHERE e.accountID = a.id)
                    """
            )
            #expect(drift == 0)
            let unbalanced = try Int.fetchOne(
                db,
                sql: "SELECT COUNT(*) FROM (SELECT transferID FROM ledgerEntry GROUP BY transferID HAVING SUM(amount) <> 0 OR COUNT(*) <> 2)"
            )
            #expect(unbalanced == 0)
            #expect(Set(try String.fetchAll(db, sql: "SELECT id FROM transfer")) == acknowledged)
        }
    }
}
