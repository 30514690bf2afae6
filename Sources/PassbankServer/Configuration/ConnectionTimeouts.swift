/// How long a client may take over each part of an HTTP/1.1 connection, against slow clients that
/// hold connections open (slowloris, issue 14); each configurable within `allowed`.
public struct ConnectionTimeouts: Sendable, Equatable {
    /// From a request's first byte (or the connection opening) to its complete head (`--header-timeout`).
    public var header: Duration
    /// From a request's head to the end of its body (`--body-timeout`).
    public var body: Duration
    /// A keep-alive connection with no request in progress is closed after this (`--idle-timeout`).
    public var idle: Duration

    /// The range each timeout must fall in: long enough for a slow phone, short enough to matter.
    public static let allowed = Duration.seconds(1)...Duration.seconds(600)

    public init(header: Duration = .seconds(10), body: Duration = .seconds(30), idle: Duration = .seconds(60)) {
        self.header = header
        self.body = body
        self.idle = idle
    }
}
