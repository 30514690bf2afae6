package import NIOCore

/// When one HTTP/1.1 connection must have made progress, against clients that keep a connection
/// open by sending slowly (slowloris, issue 14). Pure state: the handler tells it what arrived and
/// when, and asks whether the deadline has passed.
///
/// - A request's head must be complete within `headerTimeout` of the connection opening, or of the
///   first byte that arrives after the previous request ended. Bytes that keep trickling in do not
///   move the deadline.
/// - Its body must be complete within `bodyTimeout` of the head, however the bytes are spread.
/// - Between requests nothing is timed here: Hummingbird's idle timeout closes a quiet keep-alive
///   connection (it sees only decoded HTTP parts, so it cannot tell an idle connection from one
///   that trickles a head; the header deadline does).
package struct RequestDeadlines: Equatable {
    package enum Phase: Equatable {
        /// No request in progress.
        case betweenRequests
        /// A head has been started (or the connection opened); it must be complete by `deadline`.
        case head(deadline: NIODeadline)
        /// A head arrived; the body must be complete by `deadline`.
        case body(deadline: NIODeadline)
    }

    package let headerTimeout: TimeAmount
    package let bodyTimeout: TimeAmount
    package private(set) var phase = Phase.betweenRequests

    package init(headerTimeout: TimeAmount, bodyTimeout: TimeAmount) {
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
    }

    package init(_ timeouts: ConnectionTimeouts) {
        self.init(headerTimeout: TimeAmount(timeouts.header), bodyTimeout: TimeAmount(timeouts.body))
    }

    /// The connection opened: its first request's head is due (a TLS handshake counts against it).
    package mutating func connectionOpened(at now: NIODeadline) {
        phase = .head(deadline: now + headerTimeout)
    }

    /// Raw bytes arrived. Between requests they start the next head; otherwise they change nothing.
    package mutating func bytesArrived(at now: NIODeadline) {
        if phase == .betweenRequests { phase = .head(deadline: now + headerTimeout) }
    }

    /// A complete head was decoded: the body is due.
    package mutating func headReceived(at now: NIODeadline) {
        phase = .body(deadline: now + bodyTimeout)
    }

    /// The request's end was decoded (also when the server answered early and the rest was drained).
    package mutating func requestEnded() {
        phase = .betweenRequests
    }

    /// The deadline in force, if any.
    package var deadline: NIODeadline? {
        switch phase {
        case .betweenRequests: nil
        case .head(let deadline), .body(let deadline): deadline
        }
    }

    /// Whether the client has run out of time at `now`.
    package func isOverdue(at now: NIODeadline) -> Bool {
        deadline.map { now >= $0 } ?? false
    }
}
