import ArgumentParser
import Foundation
import PassbankServer

/// `passbank keys …`: the token signing keys kept in the database.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "List and rotate the keys that sign ID and access tokens.",
        subcommands: [KeysListCommand.self, KeysRotateCommand.self]
    )
}

struct KeysListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the signing keys, newest first.")

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        let keys = try SigningKeyRotation.summaries(in: try options.open())
        if keys.isEmpty { say("No signing key yet: passbank serve makes an ES256 key on first start.") }
        for key in keys.reversed() {
            let state = key.retiredAt.map { "retired \($0.formatted(.iso8601)), published until its tokens expire" } ?? "signing"
            say("\(key.kid)  \(key.algorithm)  created \(key.createdAt.formatted(.iso8601))  \(state)")
        }
    }
}

struct KeysRotateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Make a new signing key; the old one stays in the JWKS until the tokens it signed expire.",
        discussion: "A running server starts signing with the new key within 30 seconds; no restart is needed."
    )

    @Option(help: "ES256 (default) or RS256.")
    var algorithm: String = "ES256"

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        if algorithm.uppercased() == "RS256" { say("Generating a 2048-bit RSA key…") }
        guard let (newKey, stored) = try SigningKeyRotation.rotate(in: try options.open(), algorithmName: algorithm) else {
            throw ValidationError("--algorithm \(algorithm) is not ES256 or RS256.")
        }
        say("New \(newKey.algorithm) signing key \(newKey.kid); it signs from now on. Keys in the JWKS: \(stored.count).")
    }
}
