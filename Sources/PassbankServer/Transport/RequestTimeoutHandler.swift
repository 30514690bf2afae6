package import Logging
package import NIOCore
package import NIOHTTPTypes

/// Closes a connection whose client takes too long over a request's head or body
/// (``RequestDeadlines``). One per connection, among Hummingbird's additional channel handlers
/// (after HTTP decoding, so it sees heads and ends); it adds a ``ByteArrivalHandler`` at the front of
/// the pipeline to see raw bytes too, which is how a head that trickles in is told from a quiet
/// connection. Works the same under TLS: the partner then sees encrypted bytes, and the handshake
/// counts against the first head.
package final class RequestTimeoutHandler: ChannelInboundHandler, RemovableChannelHandler {
    package typealias InboundIn = HTTPRequestPart
    package typealias InboundOut = HTTPRequestPart

    private var deadlines: RequestDeadlines
    private let logger: Logger
    /// Set in `handlerAdded`, cleared in `handlerRemoved`; only touched on the channel's event loop.
    private var context: ChannelHandlerContext?
    private var partner: ByteArrivalHandler?
    /// The one pending check and when it runs; a later deadline reuses it (the check re-books).
    private var check: (at: NIODeadline, task: Scheduled<Void>)?

    package init(timeouts: ConnectionTimeouts, logger: Logger) {
        self.deadlines = RequestDeadlines(timeouts)
        self.logger = logger
    }

    package func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let partner = ByteArrivalHandler(observer: self)
        do {
            try context.pipeline.syncOperations.addHandler(partner, position: .first)
            self.partner = partner
        } catch {
            // Only a pipeline that is already closing refuses a handler; nothing is left to time.
            logger.debug("no byte observer on a closing connection", metadata: ["error": "\(error)"])
        }
        if context.channel.isActive { opened(context) }
    }

    package func handlerRemoved(context: ChannelHandlerContext) {
        check?.task.cancel()
        check = nil
        partner?.observer = nil
        partner = nil
        self.context = nil
    }

    package func channelActive(context: ChannelHandlerContext) {
        opened(context)
        context.fireChannelActive()
    }

    package func channelInactive(context: ChannelHandlerContext) {
        check?.task.cancel()
        check = nil
        context.fireChannelInactive()
    }

    package func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: deadlines.headReceived(at: context.eventLoop.now)
        case .body: break
        case .end: deadlines.requestEnded()
        }
        book(context)
        context.fireChannelRead(data)
    }

    /// From the ``ByteArrivalHandler``, before those bytes are decoded.
    func bytesArrived() {
        guard let context else { return }
        deadlines.bytesArrived(at: context.eventLoop.now)
        book(context)
    }

    private func opened(_ context: ChannelHandlerContext) {
        deadlines.connectionOpened(at: context.eventLoop.now)
        book(context)
    }

    /// Makes sure a check runs at the deadline in force (none between requests).
    private func book(_ context: ChannelHandlerContext) {
        guard let deadline = deadlines.deadline else {
            check?.task.cancel()
            check = nil
            return
        }
        if let check, check.at <= deadline { return }
        check?.task.cancel()
        let task = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            self.check = nil
            self.expire(context)
        }
        check = (deadline, task)
    }

    private func expire(_ context: ChannelHandlerContext) {
        guard deadlines.isOverdue(at: context.eventLoop.now) else {
            book(context)
            return
        }
        let what = if case .body = deadlines.phase { "body" } else { "head" }
        logger.debug(
            "closing a connection: the request \(what) took too long",
            metadata: ["peer": "\(context.channel.remoteAddress?.description ?? "unknown")"]
        )
        context.close(promise: nil)
    }
}

@available(*, unavailable)
extension RequestTimeoutHandler: Sendable {}
