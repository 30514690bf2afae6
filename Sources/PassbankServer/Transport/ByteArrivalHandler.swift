import NIOCore

/// Sits first in a connection's pipeline (before TLS and HTTP decoding) and tells the
/// ``RequestTimeoutHandler`` that added it whenever bytes arrive, decoded or not; passes
/// everything on untouched.
final class ByteArrivalHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// Weak: the timeout handler owns the pairing, and either may leave the pipeline first.
    weak var observer: RequestTimeoutHandler?

    init(observer: RequestTimeoutHandler) {
        self.observer = observer
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        observer?.bytesArrived()
        context.fireChannelRead(data)
    }
}

@available(*, unavailable)
extension ByteArrivalHandler: Sendable {}
