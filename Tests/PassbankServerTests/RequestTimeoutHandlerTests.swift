import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOHTTPTypesHTTP1
import PassbankServer
import Testing

/// `RequestTimeoutHandler` in the HTTP/1.1 pipeline Hummingbird builds, on an embedded channel whose
/// clock the test moves (issue 14): raw bytes in, the connection closed or not.
@Suite("Request timeouts on a connection")
struct RequestTimeoutHandlerTests {
    /// A connected channel with NIO's HTTP/1.1 decoder, the HTTP types codec and the handler, as
    /// `HTTP1Channel.setup` adds them (header 10 s, body 30 s).
    func connection() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        let pipeline = channel.pipeline.syncOperations
        try pipeline.configureHTTPServerPipeline(withPipeliningAssistance: false, withErrorHandling: false)
        try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
        let timeouts = ConnectionTimeouts(header: .seconds(10), body: .seconds(30), idle: .seconds(60))
        try pipeline.addHandler(RequestTimeoutHandler(timeouts: timeouts, logger: Logger(label: "test")))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 8080)).wait()
        return channel
    }

    func send(_ text: String, to channel: EmbeddedChannel) throws {
        try channel.writeInbound(ByteBuffer(string: text))
    }

    func wait(_ seconds: Int64, on channel: EmbeddedChannel) {
        channel.embeddedEventLoop.advanceTime(by: .seconds(seconds))
    }

    @Test("a head trickled one byte a second is cut off at the header timeout")
    func trickledHead() throws {
        let channel = try connection()
        let head = Array("GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: aaaaaaaaaaaaaaaaaaaa".utf8)
        for byte in head.prefix(9) {
            try send(String(decoding: [byte], as: UTF8.self), to: channel)
            wait(1, on: channel)
        }
        #expect(channel.isActive, "9 s in, the head may still come")
        try send(String(decoding: [head[9]], as: UTF8.self), to: channel)
        wait(1, on: channel)
        #expect(!channel.isActive, "10 s after the connection opened, still no complete head")
    }

    @Test("a connection that sends nothing is closed at the header timeout")
    func silentConnection() throws {
        let channel = try connection()
        wait(9, on: channel)
        #expect(channel.isActive)
        wait(1, on: channel)
        #expect(!channel.isActive)
    }

    @Test("a body trickled in after its head is cut off at the body timeout")
    func slowBody() throws {
        let channel = try connection()
        try send("POST /webauthn/authentication/options HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n", to: channel)
        for _ in 0..<29 {
            try send("x", to: channel)
            wait(1, on: channel)
        }
        #expect(channel.isActive, "29 s after the head, the body may still come")
        wait(1, on: channel)
        #expect(!channel.isActive, "30 s after the head, still no end of the body")
    }

    @Test("after a complete request nothing here closes the connection; the next first byte starts a new head deadline")
    func betweenRequests() throws {
        let channel = try connection()
        try send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n", to: channel)
        wait(600, on: channel)
        #expect(channel.isActive, "a quiet keep-alive connection is Hummingbird's idle timeout's to close")
        try send("GET /heal", to: channel)
        wait(9, on: channel)
        #expect(channel.isActive)
        try send("thz HTTP/1.1\r\nHost: loc", to: channel)
        wait(1, on: channel)
        #expect(!channel.isActive)
    }

    @Test("requests that come in time, one after another, are never cut off")
    func requestsInTime() throws {
        let channel = try connection()
        for _ in 0..<20 {
            wait(8, on: channel)
            try send("POST /x HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\n{", to: channel)
            wait(25, on: channel)
            try send("}", to: channel)
            #expect(channel.isActive)
        }
        wait(600, on: channel)
        #expect(channel.isActive)
    }
}
