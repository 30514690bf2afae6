import ArgumentParser
import FIDOMetadata
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

struct MDSRefreshCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Download the current BLOB from the FIDO Metadata Service, verify it and keep it.",
        discussion: "Needs network access. Offline, download the BLOB elsewhere and use passbank mds import FILE."
    )

    @Option(help: "Where to download the BLOB from.")
    var url = "https://mds3.fidoalliance.org/"

    @OptionGroup var options: MDSOptions

    func run() async throws {
        guard let source = URL(string: url), source.scheme == "https" else {
            throw ValidationError("--url \(url) must be an https URL.")
        }
        var request = URLRequest(url: source, timeoutInterval: 30)
        request.setValue("passbank-mds-refresh", forHTTPHeaderField: "User-Agent")
        let data: Data
        do {
            let (body, response) = try await URLSession.shared.data(for: request)
            guard let http = response as? HTTPURLResponse, http.statusCode == 200 else {
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                throw MetadataCommandFailure(description: "\(url) answered HTTP \(status), not a BLOB.")
            }
            // The BLOB is a few megabytes; refuse anything absurd.
            guard body.count < 64 * 1024 * 1024 else { throw MetadataCommandFailure(description: "\(url) sent more than 64 MB.") }
            data = body
        } catch let error as MetadataCommandFailure {
            throw error
        } catch {
            throw MetadataCommandFailure(
                description:
                    "Could not download \(url): \(error.localizedDescription). If this machine is offline, fetch the BLOB elsewhere and run passbank mds import FILE."
            )
        }
        try await options.accept(Array(data), source: url)
    }
}
