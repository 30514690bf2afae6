import NIOCore
import PassbankServer
import Testing

/// The state behind the connection timeouts (issue 14, slowloris), on a clock of our own.
@Suite("Request deadlines")
struct RequestDeadlinesTests {
    let opened = NIODeadline.uptimeNanoseconds(1_000_000_000)

    func deadlines() -> RequestDeadlines {
        RequestDeadlines(headerTimeout: .seconds(10), bodyTimeout: .seconds(30))
    }

    @Test("a new connection must finish its first head within the header timeout")
    func firstHead() {
        var state = deadlines()
        #expect(state.deadline == nil)
        state.connectionOpened(at: opened)
        #expect(state.deadline == opened + .seconds(10))
        #expect(!state.isOverdue(at: opened + .seconds(9)))
        #expect(state.isOverdue(at: opened + .seconds(10)))
    }

    @Test("bytes that keep trickling in do not move the head's deadline")
    func trickledHead() {
        var state = deadlines()
        state.connectionOpened(at: opened)
        for second in 1...20 { state.bytesArrived(at: opened + .seconds(Int64(second))) }
        #expect(state.phase == .head(deadline: opened + .seconds(10)))
        #expect(state.isOverdue(at: opened + .seconds(20)))
    }

    @Test("the body is due a body timeout after its head, however slowly it comes")
    func slowBody() {
        var state = deadlines()
        state.connectionOpened(at: opened)
        state.headReceived(at: opened + .seconds(2))
        for second in 3...40 { state.bytesArrived(at: opened + .seconds(Int64(second))) }
        #expect(state.phase == .body(deadline: opened + .seconds(32)))
        #expect(!state.isOverdue(at: opened + .seconds(31)))
        #expect(state.isOverdue(at: opened + .seconds(32)))
    }

    @Test("between requests nothing is timed; the next request's first byte starts its head deadline")
    func betweenRequests() {
        var state = deadlines()
        state.connectionOpened(at: opened)
        state.headReceived(at: opened + .seconds(1))
        state.requestEnded()
        #expect(state.deadline == nil)
        #expect(!state.isOverdue(at: opened + .seconds(3600)))
        state.bytesArrived(at: opened + .seconds(100))
        #expect(state.deadline == opened + .seconds(110))
        state.bytesArrived(at: opened + .seconds(105))
        #expect(state.deadline == opened + .seconds(110))
    }

    @Test("a client that keeps within both timeouts is never overdue, request after request")
    func keepAlive() {
        var state = deadlines()
        state.connectionOpened(at: opened)
        var now = opened
        for _ in 0..<100 {
            now = now + .seconds(9)
            #expect(!state.isOverdue(at: now))
            state.headReceived(at: now)
            now = now + .seconds(29)
            #expect(!state.isOverdue(at: now))
            state.requestEnded()
            now = now + .seconds(50)
            state.bytesArrived(at: now)
        }
    }

    @Test("the timeouts come from the configuration")
    func fromConfiguration() {
        let state = RequestDeadlines(ConnectionTimeouts(header: .seconds(3), body: .seconds(4), idle: .seconds(5)))
        #expect(state.headerTimeout == .seconds(3))
        #expect(state.bodyTimeout == .seconds(4))
    }
}
