import Banking
import GRDB

extension AppDatabase {
    /// `v6-username-key`: every account gets the canonical key of its name (`Username.key`), unique,
    /// and lookups use it instead of SQLite's ASCII-only `NOCASE`, which let "Ádam" and "ádam", or a
    /// precomposed and a decomposed "é", name two different accounts.
    ///
    /// Two existing accounts whose names now share a key keep their rows: the older one keeps the key,
    /// the newer gets its id appended (its name no longer signs in; `passbank audit` shows it).
    static func addUsernameKeys(_ db: Database) throws {
        try db.alter(table: "user") { table in table.add(column: "usernameKey", .text).notNull().defaults(to: "") }
        var taken = Set<String>()
        for row in try Row.fetchAll(db, sql: "SELECT id, username FROM user ORDER BY createdAt, id") {
            let id: String = row["id"]
            var key = Username.key(row["username"])
            if taken.contains(key) { key += "#" + id }
            taken.insert(key)
            try db.execute(sql: "UPDATE user SET usernameKey = ? WHERE id = ?", arguments: [key, id])
        }
        try db.create(index: "user_on_usernameKey", on: "user", columns: ["usernameKey"], unique: true)
    }
}
