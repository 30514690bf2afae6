import ArgumentParser
import Banking
import FIDOMetadata
import Foundation
import Hummingbird
import Logging
import PassbankServer
import SiteGenerator
import Storage

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the web client and the API on an embedded SQLite database.",
        discussion: """
            Every option can also be set with the environment variable named beside it; the option wins.
            The site is built first when the public folder is missing or older than Site/ and Templates/.
            Limits that exist against abuse have safe defaults and can be changed here.
            """
    )

    @Option(help: "Address to listen on. (env PASSBANK_HOST, default 127.0.0.1)")
    var host: String?

    @Option(help: "Port to listen on; 0 picks a free one. (env PASSBANK_PORT, default 8080)")
    var port: Int?

    @Option(name: .customLong("public"), help: "Folder of the generated web client. (env PASSBANK_PUBLIC, default public)")
    var publicDirectory: String?

    @Option(help: "SQLite database file, created when missing. (env PASSBANK_DATABASE, default var/passbank.sqlite)")
    var database: String?

    @Option(name: .customLong("rp-id"), help: "WebAuthn relying party id. (env PASSBANK_RP_ID, default localhost)")
    var rpID: String?

    @Option(help: "The origin people's browsers use. (env PASSBANK_ORIGIN, default http://localhost:<port>)")
    var origin: String?

    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain, to serve HTTPS directly. (env PASSBANK_TLS_CERT)")
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: "PEM private key for --tls-cert. (env PASSBANK_TLS_KEY)")
    var tlsKey: String?

    @Option(
        name: .customLong("trusted-proxy"),
        help: "Address of the reverse proxy whose X-Forwarded-Proto/-For are believed. (env PASSBANK_TRUSTED_PROXY)"
    )
    var trustedProxy: String?

    @Option(
        name: .customLong("max-body-bytes"),
        help: "Largest request body accepted, in bytes (1024-16777216). (env PASSBANK_MAX_BODY_BYTES, default 65536)"
    )
    var maxBodyBytes: Int?

    @Option(
        name: .customLong("header-timeout"),
        help: "Time from a request's first byte to its complete head: 1s-10m. (env PASSBANK_HEADER_TIMEOUT, default 10s)"
    )
    var headerTimeout: String?

    @Option(
        name: .customLong("body-timeout"),
        help: "Time from a request's head to the end of its body: 1s-10m. (env PASSBANK_BODY_TIMEOUT, default 30s)"
    )
    var bodyTimeout: String?

    @Option(
        name: .customLong("idle-timeout"),
        help: "A keep-alive connection with no request in progress closes after: 1s-10m. (env PASSBANK_IDLE_TIMEOUT, default 60s)"
    )
    var idleTimeout: String?

    @Option(help: "Markdown content to build the site from. (env PASSBANK_SITE, default Site)")
    var site: String?

    @Option(help: "Templates to build the site from. (env PASSBANK_TEMPLATES, default Templates)")
    var templates: String?

    @Option(
        name: .customLong("mds-blob"),
        help: "FIDO MDS3 BLOB to verify and use; else the one kept by passbank mds import. (env PASSBANK_MDS_BLOB)"
    )
    var mdsBlob: String?

    @Option(
        name: .customLong("trust-anchors"),
        help: "Folder with anchors.json and root PEM files for operator trust anchors. (env PASSBANK_TRUST_ANCHORS)"
    )
    var trustAnchors: String?

    @Option(
        name: .customLong("new-key-hold"),
        help: "Wait before a security key added from a weaker session counts for step-up: 0, 30m, 24h. (env PASSBANK_NEW_KEY_HOLD, default 24h)"
    )
    var newKeyHold: String?

    @Option(
        name: .customLong("min-certification"),
        help: "Lowest FIDO certification level that can reach phrh: L1, L2 or L3. (env PASSBANK_MIN_CERTIFICATION, default L1)"
    )
    var minCertification: String?

    @Option(
        name: .customLong("ceremony-lifetime"),
        help: "Time a person has to answer a passkey prompt (30s-30m). (env PASSBANK_CEREMONY_LIFETIME, default 5m)"
    )
    var ceremonyLifetime: String?

    @Option(
        name: .customLong("session-idle"),
        help: "A sign-in session ends after this much quiet time (1m-24h). (env PASSBANK_SESSION_IDLE, default 30m)"
    )
    var sessionIdle: String?

    @Option(
        name: .customLong("session-lifetime"),
        help: "A sign-in session ends this long after sign-in, however active (5m-30d). (env PASSBANK_SESSION_LIFETIME, default 12h)"
    )
    var sessionLifetime: String?

    @Option(
        help: "JSON file with more OAuth clients, native apps and related origins; see docs/deployment.md. (env PASSBANK_DEPLOYMENT)"
    )
    var deployment: String?

    @Option(
        name: .customLong("rate-limit-ip"),
        help: "Ceremony, password and token requests per client address: COUNT/WINDOW. (env PASSBANK_RATE_LIMIT_IP, default 120/1m)"
    )
    var rateLimitIP: String?

    @Option(
        name: .customLong("rate-limit-account"),
        help: "Passkey prompts started for one named account: COUNT/WINDOW. (env PASSBANK_RATE_LIMIT_ACCOUNT, default 30/15m)"
    )
    var rateLimitAccount: String?

    @Option(
        name: .customLong("password-attempts"),
        help: "Failed password attempts per account before a pause: COUNT/WINDOW. (env PASSBANK_PASSWORD_ATTEMPTS, default 10/15m)"
    )
    var passwordAttempts: String?

    @Option(
        name: .customLong("step-up-threshold"),
        help: "Transfers of this many EUR or more need a fresh security-key sign-in. (env PASSBANK_STEP_UP_THRESHOLD, default 1000.00)"
    )
    var stepUpThreshold: String?

    @Option(
        name: .customLong("step-up-max-age"),
        help: "How old a security-key sign-in may be for a high-risk operation: 30s-1h. (env PASSBANK_STEP_UP_MAX_AGE, default 5m)"
    )
    var stepUpMaxAge: String?

    @Option(
        name: .customLong("step-up-window"),
        help:
            "Payments to payees since the last step-up add up towards the threshold within this rolling window: 1h-7d. (env PASSBANK_STEP_UP_WINDOW, default 24h)"
    )
    var stepUpWindow: String?

    @Option(
        name: .customLong("one-factor-may"),
        help:
            "What a passkey sign-in without user verification (UV=0) may do: own-transfers (read, move between own accounts) or read. (env PASSBANK_ONE_FACTOR_MAY, default own-transfers)"
    )
    var oneFactorMay: String?

    @Option(
        name: .customLong("daily-limit"),
        help: "EUR a person may send to payees per UTC day. (env PASSBANK_DAILY_LIMIT, default 10000.00)"
    )
    var dailyLimit: String?

    @Option(
        name: .customLong("max-transfer"),
        help: "Largest single transfer in EUR; anything above is refused. (env PASSBANK_MAX_TRANSFER, default 50000.00)"
    )
    var maxTransfer: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical. (env PASSBANK_LOG_LEVEL, default info)")
    var logLevel: String?

    func run() async throws {
        let env = EnvironmentValue()
        let level = env.string(logLevel, "PASSBANK_LOG_LEVEL", default: "info")
        guard let logLevel = Logger.Level(rawValue: level) else {
            throw ValidationError("The log level '\(level)' is not one of trace, debug, info, notice, warning, error, critical.")
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = logLevel
            return handler
        }
        let logger = Logger(label: "passbank")

        let configuration = try await MetadataStartup.loaded(try resolveConfiguration(env))
        do {
            try configuration.validate()
        } catch {
            throw ValidationError(error.description)
        }

        try buildSiteWhenStale(
            site: URL(fileURLWithPath: env.string(site, "PASSBANK_SITE", default: "Site")),
            templates: URL(fileURLWithPath: env.string(templates, "PASSBANK_TEMPLATES", default: "Templates")),
            output: configuration.publicDirectory
        )

        let database: AppDatabase
        do {
            database = try AppDatabase.open(at: configuration.databaseURL)
        } catch {
            throw ValidationError("\(error.reason) Check --database and the folder's permissions.")
        }
        do {
            // DESIGN.md: signing keys are generated on first start and persisted.
            try SigningKeyRotation.ensureKey(in: database)
        } catch {
            throw ValidationError("The token signing keys in \(configuration.databaseURL.path) cannot be read or made (\(error)).")
        }
        let application = try PassbankApplication.make(
            configuration: configuration,
            database: database,
            logger: logger,
            onServerRunning: { port in
                let shown = configuration.port == 0 ? "http://\(configuration.host):\(port)" : configuration.origin
                say("Passbank \(configuration.version) is serving \(shown) (database \(configuration.databaseURL.path)). Stop with Ctrl-C.")
            }
        )
        try await application.runService()
    }

    func resolveConfiguration(_ env: EnvironmentValue) throws -> ServerConfiguration {
        let port = try env.integer(port, "PASSBANK_PORT", default: 8080)
        let cert = env.optionalString(tlsCertificate, "PASSBANK_TLS_CERT")
        let key = env.optionalString(tlsKey, "PASSBANK_TLS_KEY")
        var tls: ServerConfiguration.TLSFiles?
        switch (cert, key) {
        case (let cert?, let key?):
            tls = .init(certificateChain: URL(fileURLWithPath: cert), privateKey: URL(fileURLWithPath: key))
        case (nil, nil):
            tls = nil
        default:
            throw ValidationError("--tls-cert and --tls-key go together: give both, or neither.")
        }
        let defaultOrigin = (tls == nil ? "http" : "https") + "://localhost:\(port)"
        var configuration = ServerConfiguration(
            host: env.string(host, "PASSBANK_HOST", default: "127.0.0.1"),
            port: port,
            publicDirectory: URL(fileURLWithPath: env.string(publicDirectory, "PASSBANK_PUBLIC", default: "public")),
            databaseURL: URL(fileURLWithPath: env.string(database, "PASSBANK_DATABASE", default: "var/passbank.sqlite")),
            relyingPartyID: env.string(rpID, "PASSBANK_RP_ID", default: "localhost"),
            origin: env.string(origin, "PASSBANK_ORIGIN", default: defaultOrigin),
            tls: tls,
            trustedProxy: env.optionalString(trustedProxy, "PASSBANK_TRUSTED_PROXY"),
            maxBodyBytes: try env.integer(maxBodyBytes, "PASSBANK_MAX_BODY_BYTES", default: 64 * 1024),
            metadataBlob: env.optionalString(mdsBlob, "PASSBANK_MDS_BLOB").map { URL(fileURLWithPath: $0) },
            trustAnchorsDirectory: env.optionalString(trustAnchors, "PASSBANK_TRUST_ANCHORS").map { URL(fileURLWithPath: $0) },
            newKeyHold: try MetadataStartup.duration(env.string(newKeyHold, "PASSBANK_NEW_KEY_HOLD", default: "24h")),
            minimumCertificationLevel: try certificationLevel(env.string(minCertification, "PASSBANK_MIN_CERTIFICATION", default: "L1"))
        )
        configuration.sessions = SessionSettings(
            ceremonyLifetime: try MetadataStartup.duration(
                env.string(ceremonyLifetime, "PASSBANK_CEREMONY_LIFETIME", default: "5m"),
                option: "--ceremony-lifetime"
            ),
            idleTimeout: try MetadataStartup.duration(env.string(sessionIdle, "PASSBANK_SESSION_IDLE", default: "30m"), option: "--session-idle"),
            absoluteLifetime: try MetadataStartup.duration(
                env.string(sessionLifetime, "PASSBANK_SESSION_LIFETIME", default: "12h"),
                option: "--session-lifetime"
            )
        )
        configuration.timeouts = ConnectionTimeouts(
            header: try MetadataStartup.duration(env.string(headerTimeout, "PASSBANK_HEADER_TIMEOUT", default: "10s"), option: "--header-timeout"),
            body: try MetadataStartup.duration(env.string(bodyTimeout, "PASSBANK_BODY_TIMEOUT", default: "30s"), option: "--body-timeout"),
            idle: try MetadataStartup.duration(env.string(idleTimeout, "PASSBANK_IDLE_TIMEOUT", default: "60s"), option: "--idle-timeout")
        )
        if let file = env.optionalString(deployment, "PASSBANK_DEPLOYMENT") {
            do {
                configuration.deployment = try Deployment.load(from: URL(fileURLWithPath: file), environment: env.environment)
            } catch {
                throw ValidationError(error.description)
            }
        }
        configuration.abuse = AbuseLimits(
            perAddress: try rateLimit(env.string(rateLimitIP, "PASSBANK_RATE_LIMIT_IP", default: "120/1m"), option: "--rate-limit-ip"),
            ceremoniesPerAccount: try rateLimit(
                env.string(rateLimitAccount, "PASSBANK_RATE_LIMIT_ACCOUNT", default: "30/15m"),
                option: "--rate-limit-account"
            ),
            passwordFailuresPerAccount: try rateLimit(
                env.string(passwordAttempts, "PASSBANK_PASSWORD_ATTEMPTS", default: "10/15m"),
                option: "--password-attempts"
            )
        )
        configuration.risk = RiskSettings(
            stepUpThreshold: try euros(env.string(stepUpThreshold, "PASSBANK_STEP_UP_THRESHOLD", default: "1000.00"), option: "--step-up-threshold"),
            stepUpMaxAge: try stepUpAge(env.string(stepUpMaxAge, "PASSBANK_STEP_UP_MAX_AGE", default: "5m")),
            cumulativeWindow: try stepUpWindow(env.string(stepUpWindow, "PASSBANK_STEP_UP_WINDOW", default: "24h")),
            oneFactorMay: try oneFactorScope(env.string(oneFactorMay, "PASSBANK_ONE_FACTOR_MAY", default: "own-transfers")),
            dailyLimit: try euros(env.string(dailyLimit, "PASSBANK_DAILY_LIMIT", default: "10000.00"), option: "--daily-limit"),
            maximumTransfer: try euros(env.string(maxTransfer, "PASSBANK_MAX_TRANSFER", default: "50000.00"), option: "--max-transfer")
        )
        return configuration
    }

    func euros(_ text: String, option: String) throws -> Money {
        guard let money = try? Money(decimal: text, currency: .euro), money.isPositive else {
            throw ValidationError("\(option) \(text) is not a positive amount with two decimals, e.g. 1000.00.")
        }
        return money
    }

    func stepUpAge(_ text: String) throws -> Int {
        let duration = try MetadataStartup.duration(text, option: "--step-up-max-age")
        let seconds = Int(duration.components.seconds)
        guard (30...3600).contains(seconds) else {
            throw ValidationError("--step-up-max-age \(text) must be from 30s to 1h.")
        }
        return seconds
    }

    func stepUpWindow(_ text: String) throws -> Int {
        let seconds = Int(try MetadataStartup.duration(text, option: "--step-up-window").components.seconds)
        guard (3600...7 * 86_400).contains(seconds) else {
            throw ValidationError("--step-up-window \(text) must be from 1h to 7d.")
        }
        return seconds
    }

    func oneFactorScope(_ text: String) throws -> RiskSettings.OneFactorScope {
        guard let scope = RiskSettings.OneFactorScope(rawValue: text) else {
            throw ValidationError("--one-factor-may \(text) is not own-transfers or read.")
        }
        return scope
    }

    func rateLimit(_ text: String, option: String) throws -> RateLimit {
        guard let limit = RateLimit(text) else {
            throw ValidationError("\(option) \(text) is not COUNT/WINDOW with a count of 1-1000000 and a window of 1s-24h, e.g. 120/1m.")
        }
        return limit
    }

    func certificationLevel(_ text: String) throws -> CertificationLevel {
        guard let level = CertificationLevel(text) else {
            throw ValidationError("--min-certification \(text) is not L1, L2 or L3 (L1+, L2+, L3+ also work).")
        }
        return level
    }

    /// Builds the site when `public/` has no manifest or is older than its sources.
    func buildSiteWhenStale(site: URL, templates: URL, output: URL) throws {
        let manifest = output.appendingPathComponent("assets-manifest.json")
        let built = (try? FileManager.default.attributesOfItem(atPath: manifest.path)[.modificationDate]) as? Date
        guard FileManager.default.fileExists(atPath: site.path) else {
            if built == nil {
                throw ValidationError(
                    "There is no site in \(output.path) and no \(site.path) folder to build it from. Run passbank from the project folder, or pass --public."
                )
            }
            return
        }
        let newest = SiteSources.newestModificationDate(site: site, templates: templates)
        if let built, let newest, built >= newest { return }
        say(
            built == nil
                ? "Building the site into \(output.path) (it was missing)…"
                : "Rebuilding the site: \(site.path) or \(templates.path) changed since the last build…"
        )
        let report = try BuildCommand.build(site: site, templates: templates, output: output)
        say("Built \(report.pageCount) pages and \(report.assetCount) assets.")
    }
}
