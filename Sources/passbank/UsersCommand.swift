import ArgumentParser
import Foundation
import PassbankServer
import Storage

/// `passbank users …`: legacy accounts that sign in with a password (as a bank moving from
/// passwords to passkeys has them). Passwords are read from standard input, never from argv.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Open password (legacy) accounts and set or remove their passwords.",
        subcommands: [UsersAddCommand.self, UsersPasswordCommand.self]
    )
}

/// The database option the `users` and `keys` subcommands share.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "SQLite database file. (env PASSBANK_DATABASE, default var/passbank.sqlite)")
    var database: String?

    func open() throws -> AppDatabase {
        let path = EnvironmentValue().string(database, "PASSBANK_DATABASE", default: "var/passbank.sqlite")
        do {
            return try AppDatabase.open(at: URL(fileURLWithPath: path))
        } catch {
            throw ValidationError("\(error.reason) Check --database.")
        }
    }

    /// The password on standard input (one line; the newline is not part of it).
    static func readPassword() throws -> String {
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw ValidationError("Give the password on standard input, e.g. `printf '%s' \"$PASSWORD\" | passbank users …`.")
        }
        return line
    }
}

struct UsersAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Open an account that signs in with a password read from standard input."
    )

    @Argument(help: "The username (3-64 letters, digits, . - _ @).")
    var username: String

    @Option(name: .customLong("display-name"), help: "The name the bank greets the person with (default: the username).")
    var displayName: String?

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        let database = try options.open()
        let password = try DatabaseOptions.readPassword()
        say("Hashing the password (bcrypt, cost \(LegacyPassword.defaultCost))…")
        do {
            let user = try await LegacyAccounts.create(username: username, displayName: displayName, password: password, database: database)
            say("Opened '\(user.username)' (\(user.id)). It signs in with its password and is offered a passkey after each sign-in.")
        } catch let refusal as LegacyAccounts.Refusal {
            throw ValidationError(refusal.description)
        }
    }
}

struct UsersPasswordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "password",
        abstract: "Set an account's password from standard input, or remove it with --remove."
    )

    @Argument(help: "The username.")
    var username: String

    @Flag(help: "Remove the password: the account then signs in with its passkeys only.")
    var remove = false

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        let database = try options.open()
        do {
            if remove {
                try await LegacyAccounts.setPassword(nil, username: username, database: database)
                say("Removed the password of '\(username)'.")
            } else {
                let password = try DatabaseOptions.readPassword()
                say("Hashing the password (bcrypt, cost \(LegacyPassword.defaultCost))…")
                try await LegacyAccounts.setPassword(password, username: username, database: database)
                say("Set a new password for '\(username)'.")
            }
        } catch let refusal as LegacyAccounts.Refusal {
            throw ValidationError(refusal.description)
        }
    }
}
