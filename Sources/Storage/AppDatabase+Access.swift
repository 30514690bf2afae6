import Banking
import GRDB

extension AppDatabase {
    /// Runs a read, turning database failures into `database-unavailable`.
    func read<T>(_ body: (Database) throws -> T) throws(StorageError) -> T {
        do {
            return try writer.read(body)
        } catch {
            throw Self.storageError(error)
        }
    }

    /// Runs a write transaction, turning database failures into `StorageError`s; a `StorageError`
    /// thrown inside rolls the transaction back and comes out unchanged.
    func write<T>(_ body: (Database) throws -> T) throws(StorageError) -> T {
        do {
            return try writer.write(body)
        } catch {
            throw Self.storageError(error)
        }
    }

    static func storageError(_ error: any Error) -> StorageError {
        if let error = error as? StorageError { return error }
        if let error = error as? BankingError { return StorageError(code: error.code, reason: error.reason) }
        return StorageError(code: "database-unavailable", reason: "The database could not complete the operation: \(error)")
    }
}
