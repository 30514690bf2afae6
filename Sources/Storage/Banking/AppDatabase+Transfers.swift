public import Banking
public import Foundation
import GRDB

/// How a transfer request ended: money moved, or a refusal that depends on what is stored
/// (accounts, balances, the daily limit). Both are kept under the idempotency key.
public enum TransferOutcome: Sendable {
    case completed(TransferRecord)
    case refused(BankingError)
}

/// What the risk gate answers inside the transfer's transaction.
public enum TransferGate: Sendable {
    /// The risk policy wants more: nothing is stored, so the retry after step-up moves the money once.
    case stop
    /// Post it; `confirmedWithStepUp` when a fresh `phrh` authorised it.
    case proceed(confirmedWithStepUp: Bool)
}

/// The limits a transfer is checked against inside its transaction.
public struct TransferLimits: Sendable {
    /// What may go to payees per UTC day.
    public var dailyLimit: Money
    /// The rolling window, in seconds, over which payments to payees add up for the risk gate.
    public var cumulativeWindow: TimeInterval

    public init(dailyLimit: Money, cumulativeWindow: TimeInterval) {
        self.dailyLimit = dailyLimit
        self.cumulativeWindow = cumulativeWindow
    }
}

/// An answer as it goes on the wire, kept so that a replay gets exactly the same bytes.
public struct StoredAnswer: Sendable, Equatable {
    public var status: Int
    public var body: Data
    /// True when this is the stored first answer to an earlier request with the same key.
    public var replayed: Bool

    public init(status: Int, body: Data, replayed: Bool = false) {
        self.status = status
        self.body = body
        self.replayed = replayed
    }
}

extension AppDatabase {
    /// How long an idempotency key is remembered.
    public static let idempotencyLifetime: TimeInterval = 86_400

    /// Executes a transfer exactly once per `(userID, idempotencyKey)`, in one write transaction:
    /// the key is looked up, the accounts and balances checked, the transfer and its two ledger
    /// entries written, both balances updated, the audit event and the answer stored — all of it,
    /// or nothing. SQLite runs one write transaction at a time, so two requests with one key can't
    /// both move money: the second finds the first's answer.
    ///
    /// The order of checks: the key (a replay answers at once); then what is stored (accounts,
    /// currency, balance, daily limit — a refusal here is the answer, kept under the key); then
    /// `gate`, the risk policy, which may stop the request with nothing stored (so that a retry
    /// after step-up with the same key moves the money once); then the posting. For a payment to a
    /// payee the gate is given what went to payees within `limits.cumulativeWindow` since the last
    /// transfer confirmed with step-up, read in the same transaction (so two payments at once cannot
    /// both slip under the threshold).
    ///
    /// `render` turns the outcome into the wire answer inside the transaction.
    /// - Returns: the answer, or `nil` when `gate` stopped the request.
    /// - Throws: `StorageError` `idempotency-key-reused` when the key came with another request.
    public func executeTransfer(
        userID: String,
        idempotencyKey: String,
        instruction: TransferInstruction,
        limits: TransferLimits,
        now: Date,
        address: String?,
        gate: (_ sentRecently: Money?) -> TransferGate,
        render: (TransferOutcome) throws -> StoredAnswer
    ) throws(StorageError) -> StoredAnswer? {
        try write { db in
            if let earlier = try IdempotentRequestRecord.fetchOne(db, key: ["userID": userID, "key": idempotencyKey]), earlier.expiresAt > now {
                guard earlier.fingerprint == instruction.fingerprint else {
                    throw StorageError(
                        code: "idempotency-key-reused",
                        reason: "This Idempotency-Key was used for a different transfer. Use a new key for a new transfer."
                    )
                }
                return StoredAnswer(status: earlier.status, body: earlier.body, replayed: true)
            }
            let outcome: TransferOutcome
            do {
                let plan = try Self.plan(db, userID: userID, instruction: instruction, dailyLimit: limits.dailyLimit, now: now)
                let sentRecently = try plan.payeeID.map { _ in
                    Money(
                        minorUnits: try Self.sentToPayeesSinceStepUp(db, userID: userID, since: now.addingTimeInterval(-limits.cumulativeWindow)),
                        currency: plan.currency
                    )
                }
                guard case .proceed(let confirmed) = gate(sentRecently) else { return nil }
                outcome = .completed(
                    try Self.post(db, plan: plan, userID: userID, instruction: instruction, confirmedWithStepUp: confirmed, now: now)
                )
            } catch let refusal as BankingError {
                outcome = .refused(refusal)
            }
            let answer = try render(outcome)
            try IdempotentRequestRecord(
                userID: userID,
                key: idempotencyKey,
                fingerprint: instruction.fingerprint,
                status: answer.status,
                body: answer.body,
                createdAt: now,
                expiresAt: now.addingTimeInterval(Self.idempotencyLifetime)
            ).save(db)
            var detail = ["amount": instruction.amount.description, "from": instruction.fromAccountID]
            switch instruction.destination {
            case .ownAccount(let id): detail["to"] = id
            case .payee(let id): detail["payee"] = id
            }
            switch outcome {
            case .completed(let transfer): detail["transferId"] = transfer.id
            case .refused(let error): detail["code"] = error.code
            }
            try AuditEventRecord(
                at: now,
                userID: userID,
                kind: .transfer,
                outcome: outcome.isCompleted ? .ok : .refused,
                detail: detail,
                address: address
            ).insert(db)
            return answer
        }
    }

    /// The two accounts and their balances after the transfer, once every stored fact agrees.
    struct Plan {
        var from: BankAccountRecord
        var to: BankAccountRecord
        var payeeID: String?
        var currency: Currency
    }

    /// Checks a transfer against what is stored. Throws `BankingError` for a refusal, which the caller stores.
    static func plan(_ db: Database, userID: String, instruction: TransferInstruction, dailyLimit: Money, now: Date) throws -> Plan {
        let notFound = BankingError(code: "account-not-found", reason: "No account of yours has that id.")
        guard var from = try BankAccountRecord.filter(Column("id") == instruction.fromAccountID && Column("userID") == userID).fetchOne(db) else {
            throw notFound
        }
        var to: BankAccountRecord
        var payeeID: String?
        switch instruction.destination {
        case .ownAccount(let id):
            guard let own = try BankAccountRecord.filter(Column("id") == id && Column("userID") == userID).fetchOne(db) else { throw notFound }
            to = own
        case .payee(let id):
            guard let payee = try PayeeRecord.filter(Column("id") == id && Column("userID") == userID).fetchOne(db),
                let account = try BankAccountRecord.fetchOne(db, key: payee.accountID)
            else { throw BankingError(code: "payee-not-found", reason: "No payee of yours has that id.") }
            to = account
            payeeID = payee.id
        }
        guard from.id != to.id else { throw BankingError(code: "same-account", reason: "Choose two different accounts.") }
        let currency = try Currency(code: from.currency)
        let balances = try Ledger.post(
            instruction.amount,
            from: Money(minorUnits: from.balance, currency: currency),
            to: Money(minorUnits: to.balance, currency: try Currency(code: to.currency))
        )
        if payeeID != nil {
            let spent = try sentToPayees(db, userID: userID, since: startOfUTCDay(now))
            try Ledger.checkDailyLimit(
                spentToday: Money(minorUnits: spent, currency: dailyLimit.currency),
                amount: instruction.amount,
                limit: dailyLimit
            )
        }
        from.balance = balances.debited.minorUnits
        to.balance = balances.credited.minorUnits
        return Plan(from: from, to: to, payeeID: payeeID, currency: currency)
    }

    /// The double-entry posting of a checked plan: the transfer, both balances, two ledger entries.
    static func post(
        _ db: Database,
        plan: Plan,
        userID: String,
        instruction: TransferInstruction,
        confirmedWithStepUp: Bool,
        now: Date
    ) throws -> TransferRecord {
        let (from, to, payeeID, currency) = (plan.from, plan.to, plan.payeeID, plan.currency)
        let transfer = TransferRecord(
            id: UUID().uuidString.lowercased(),
            userID: userID,
            fromAccountID: from.id,
            toAccountID: to.id,
            payeeID: payeeID,
            amount: instruction.amount.minorUnits,
            currency: currency.code,
            reference: instruction.reference,
            createdAt: now,
            confirmedWithStepUp: confirmedWithStepUp
        )
        try transfer.insert(db)
        try from.update(db, columns: ["balance"])
        try to.update(db, columns: ["balance"])
        try LedgerEntryRecord(
            transferID: transfer.id,
            accountID: from.id,
            amount: -instruction.amount.minorUnits,
            balanceAfter: from.balance,
            createdAt: now
        ).insert(db)
        try LedgerEntryRecord(
            transferID: transfer.id,
            accountID: to.id,
            amount: instruction.amount.minorUnits,
            balanceAfter: to.balance,
            createdAt: now
        )
        .insert(db)
        return transfer
    }

    /// Forgets idempotency keys past their lifetime.
    public func purgeIdempotencyKeys(expiredBefore cutoff: Date) throws(StorageError) -> Int {
        try write { db in try IdempotentRequestRecord.filter(Column("expiresAt") < cutoff).deleteAll(db) }
    }
}

extension TransferOutcome {
    var isCompleted: Bool {
        if case .completed = self { return true }
        return false
    }
}
