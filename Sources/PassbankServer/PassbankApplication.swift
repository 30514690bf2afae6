import FIDOMetadata
public import Foundation
public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import Logging
import NIOCore
import NIOSSL
public import Storage

/// Builds the Passbank HTTP application from a validated configuration and an open database.
public enum PassbankApplication {
    /// The router with every middleware and route; tests drive it directly with HummingbirdTesting.
    public static func makeRouter(
        configuration: ServerConfiguration,
        database: AppDatabase,
        logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) -> Router<PassbankRequestContext> {
        let router = Router(context: PassbankRequestContext.self)
        // Outermost first: context, then logging, then headers (so errors carry them too), then
        // error rendering, then the static files that answer when no route matched.
        router.add(middleware: RequestContextMiddleware(configuration: configuration))
        router.add(middleware: AccessLogMiddleware())
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(
            middleware: ProblemMiddleware(
                notFoundPage: NotFoundPage(file: configuration.publicDirectory.appendingPathComponent("404.html"))
            )
        )
        let metrics = ServerMetrics { (configuration.metadata, now()) }
        router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
        router.add(middleware: CachePolicyMiddleware())
        router.add(
            middleware: FileMiddleware(
                fileProvider: PublicFileProvider(root: configuration.publicDirectory, logger: logger),
                searchForIndexHtml: true
            ).withAdditionalMediaTypes(forFileExtensions: StaticMediaTypes.byExtension)
        )

        HealthController(
            database: database,
            version: configuration.version,
            metadata: { .init(MetadataHealth(snapshot: configuration.metadata, operatorAnchors: configuration.operatorAnchors, at: Date())) }
        )
        .addRoutes(to: router)
        router.get("/metrics") { _, _ in
            var response = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
            response.headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            response.headers[.cacheControl] = "no-store"
            return response
        }
        OpenAPIController().addRoutes(to: router)

        // The per-address limit belongs to the routes that sign people in or mint state, attached to
        // their group: it runs for whatever spelling of the path the router resolved to them
        // (`//auth/password`, `/oauth2//token`), never by comparing path strings.
        let limiters = AbuseLimiters(configuration.abuse)
        let limited = router.group().add(middleware: RateLimitMiddleware(limiter: limiters.perAddress, now: now))
        let ceremonies = CeremonyEnvironment(database: database, configuration: configuration, limiters: limiters, now: now)
        let sessions = SessionCookies(database: database, settings: configuration.sessions)
        let oauth = OAuthEnvironment(database: database, configuration: configuration, sessions: sessions, now: now)
        let banking = BankingEnvironment(oauth: oauth)
        RegistrationController(environment: ceremonies, sessions: sessions, bearer: banking).addRoutes(to: limited)
        AuthenticationController(environment: ceremonies, sessions: sessions).addRoutes(to: limited)
        PasswordController(environment: ceremonies, sessions: sessions).addRoutes(to: limited)
        PasskeyEndpointsController(origin: configuration.origin).addRoutes(to: router)
        AppAssociationController(deployment: configuration.deployment).addRoutes(to: router)
        DiscoveryController(environment: oauth).addRoutes(to: router)
        AuthorizeController(environment: oauth).addRoutes(to: limited)
        ConsentController(environment: oauth).addRoutes(to: limited)
        TokenController(environment: oauth).addRoutes(to: limited)
        UserInfoController(environment: oauth).addRoutes(to: router)
        RevocationController(environment: oauth).addRoutes(to: limited)
        LogoutController(environment: oauth).addRoutes(to: router)
        BankingRoutes.add(to: router, environment: banking)
        return router
    }

    /// The whole application, listening where the configuration says, with TLS when configured.
    /// - Throws: `ConfigurationError` when the TLS files cannot be loaded.
    public static func make(
        configuration: ServerConfiguration,
        database: AppDatabase,
        logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let router = makeRouter(configuration: configuration, database: database, logger: logger)
        let http1 = HTTPServerBuilder.http1(configuration: http1Configuration(configuration.timeouts, logger: logger))
        let server: HTTPServerBuilder
        if let tls = configuration.tls {
            server = try .tls(http1, tlsConfiguration: loadTLS(tls))
        } else {
            server = http1
        }
        return Application(
            router: router,
            server: server,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            services: [Housekeeping(database: database, logger: logger, now: { Date() })],
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger
        )
    }

    /// HTTP/1.1 with the connection timeouts (issue 14): Hummingbird's idle timeout for quiet
    /// keep-alive connections, and a ``RequestTimeoutHandler`` per connection for heads and bodies.
    static func http1Configuration(_ timeouts: ConnectionTimeouts, logger: Logger) -> HTTP1Channel.Configuration {
        HTTP1Channel.Configuration(
            additionalChannelHandlers: [RequestTimeoutHandler(timeouts: timeouts, logger: logger)],
            idleTimeout: TimeAmount(timeouts.idle)
        )
    }

    static func loadTLS(_ files: ServerConfiguration.TLSFiles) throws -> TLSConfiguration {
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(files.certificateChain.path)
            let key = try NIOSSLPrivateKey(file: files.privateKey.path, format: .pem)
            return TLSConfiguration.makeServerConfiguration(
                certificateChain: chain.map { .certificate($0) },
                privateKey: .privateKey(key)
            )
        } catch {
            throw ConfigurationError(
                "The TLS certificate \(files.certificateChain.path) or key \(files.privateKey.path) could not be loaded (\(error)). Both must be PEM files."
            )
        }
    }
}
