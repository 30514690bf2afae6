public import Foundation
import GRDB

extension AppDatabase {
    /// A 32-byte secret of this installation, created on first use and kept in the database.
    public func installationSecret(named name: String) throws(StorageError) -> Data {
        try write { db in
            let key = "secret:\(name)"
            if let hex = try String.fetchOne(db, sql: "SELECT value FROM installation WHERE key = ?", arguments: [key]),
                let data = Data(hex: hex)
            {
                return data
            }
            var generator = SystemRandomNumberGenerator()
            let secret = Data((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
            try db.execute(
                sql: "INSERT INTO installation (key, value) VALUES (?, ?)",
                arguments: [key, secret.map { String(format: "%02x", $0) }.joined()]
            )
            return secret
        }
    }
}

extension Data {
    init?(hex: String) {
        guard hex.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.init(bytes)
    }
}
