public import Hummingbird
import Logging
public import NIOCore

/// The per-request context: Hummingbird's core storage plus what Passbank's middleware learns.
public struct PassbankRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The TCP peer (the proxy, when there is one).
    public let remoteAddress: SocketAddress?
    /// The configured public origin, used for problem `type` URIs.
    public var origin: String = ""
    /// Largest body this request may send.
    public var maxBodyBytes: Int = 64 * 1024
    /// The client's address: the peer, or what the trusted proxy forwarded.
    public var clientAddress: String = "unknown"
    /// `true` when the person's browser reached us over HTTPS.
    public var isSecure: Bool = false

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    public var maxUploadSize: Int { maxBodyBytes }

    /// The request id that every log line of this request carries and the response echoes.
    public var requestID: String { logger[metadataKey: "hb.request.id"]?.description ?? "" }
}
