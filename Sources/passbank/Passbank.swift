import ArgumentParser
import PassbankServer

@main
struct Passbank: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passbank",
        abstract: "A passkey-first bank: builds its web client and serves it with the API.",
        version: PassbankVersion.current,
        subcommands: [ServeCommand.self, BuildCommand.self, MDSCommand.self, UsersCommand.self, KeysCommand.self, AuditCommand.self]
    )
}
