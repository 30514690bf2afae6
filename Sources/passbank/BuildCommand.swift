import ArgumentParser
import Foundation
import SiteGenerator

struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Render Site/ and Templates/ into the static web client.",
        discussion: "On an error the previous output is left untouched and the exit status is 1."
    )

    @Option(help: "Markdown content and copy.") var site = "Site"
    @Option(help: "Layouts, partials, page templates, CSS and JavaScript.") var templates = "Templates"
    @Option(help: "Where the site is written.") var output = "public"
    @Flag(help: "Keep running and rebuild whenever a file under --site or --templates changes.") var watch = false

    func run() async throws {
        let siteURL = URL(fileURLWithPath: site)
        let templatesURL = URL(fileURLWithPath: templates)
        let outputURL = URL(fileURLWithPath: output)
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let report = try Self.build(site: siteURL, templates: templatesURL, output: outputURL)
            say("Built \(report.pageCount) pages and \(report.assetCount) assets into \(output) in \(Self.format(start.duration(to: clock.now))).")
        } catch let error as SiteBuildError where watch {
            printError(error.description)
        }
        guard watch else { return }
        say("Watching \(site) and \(templates) for changes. Stop with Ctrl-C.")
        let watcher = SiteWatcher(
            configuration: SiteBuildConfiguration(siteDirectory: siteURL, templatesDirectory: templatesURL, outputDirectory: outputURL)
        )
        for await event in watcher.changes() {
            if case .failure = event.result { printError(event.description) } else { say(event.description) }
        }
    }

    /// One build, with its error printed as `file:line: message (code)`.
    static func build(site: URL, templates: URL, output: URL) throws -> SiteBuildReport {
        let builder = SiteBuilder(
            configuration: SiteBuildConfiguration(siteDirectory: site, templatesDirectory: templates, outputDirectory: output)
        )
        do {
            return try builder.build()
        } catch {
            printError("error: \(error.description)")
            printError("The previous \(output.path) was left as it was.")
            throw ExitCode.failure
        }
    }

    static func format(_ duration: Duration) -> String {
        let milliseconds = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        return String(format: "%.0f ms", milliseconds)
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Writes a line to standard output at once, so progress shows even when output goes to a pipe or file.
func say(_ message: String) {
    FileHandle.standardOutput.write(Data((message + "\n").utf8))
}
