import AllotWire
import CEpoll

/// One client connection: its socket, decoder, output and session state.
/// Owned by one I/O thread and touched only there.
final class Connection {
    enum State {
        /// Connected; the first frame must be Hello.
        case awaitingHello
        /// Hello accepted.
        case authenticated(ConnectionHandle)
        /// Reading has stopped. The connection closes once every in-flight
        /// call has its reply and the output is sent, or at the deadline.
        case closing(reason: String, deadline: ContinuousClock.Instant)
        /// Everything is sent and the sending side is shut down. Input is read
        /// and discarded until the peer has acknowledged the output, the peer
        /// closes, or the deadline passes. Closing a socket with unread input
        /// makes the kernel reset the connection and discard output the peer
        /// has not received yet, such as the last replies and the closing status.
        case draining(reason: String, deadline: ContinuousClock.Instant)
    }

    let id: UInt64
    let fd: Int32
    let peer: String
    var state = State.awaitingHello
    /// Set once authenticated; kept while closing so that deferred replies
    /// and the handler's cleanup can still name the connection.
    var handle: ConnectionHandle?

    var decoder: FrameDecoder
    var encoder: FrameEncoder

    /// Bytes queued for the socket; `output[outputSent...]` is not yet sent.
    var output: [UInt8] = []
    var outputSent = 0
    /// Total bytes ever queued and sent, to tell which replies have left.
    var totalQueuedBytes: UInt64 = 0
    var totalSentBytes: UInt64 = 0
    /// Position in the total byte count where each unsent reply ends.
    var unsentReplyEnds: [UInt64] = []
    var unsentReplyHead = 0

    /// Calls the handler deferred, by call_id, with their request index for
    /// metrics and their start time.
    var deferredCalls: [UInt64: (methodIndex: Int, started: ContinuousClock.Instant)] = [:]
    /// Pushed payloads waiting for output space.
    var pendingPushes: [[UInt8]] = []
    var pendingPushHead = 0
    /// The last frame to send before closing, held until deferred calls finish.
    var closingFrame: [UInt8]?

    /// True while output is over the limit, until it drains to half of it.
    var inputPaused = false
    /// True once nothing more will be read: the peer closed its side, or a
    /// send failed and the connection is unusable.
    var peerClosed = false
    /// epoll events the connection is registered for.
    var registeredEvents: UInt32 = EPOLLIN.rawValue
    /// True while the connection is on its thread's service list, to be
    /// flushed or re-registered at the end of the loop pass.
    var needsService = false

    init(id: UInt64, fd: Int32, peer: String, configuration: ServerConfiguration) {
        self.id = id
        self.fd = fd
        self.peer = peer
        decoder = FrameDecoder(maximumFrameBytes: configuration.maximumFrameBytes)
        encoder = FrameEncoder(maximumFrameBytes: configuration.maximumFrameBytes)
    }

    /// True once reading has stopped: while closing and while draining.
    var isClosing: Bool {
        switch state {
        case .closing, .draining: true
        case .awaitingHello, .authenticated: false
        }
    }

    var isDraining: Bool {
        if case .draining = state { return true }
        return false
    }

    /// Why the connection is closing, once it is.
    var closingReason: String? {
        switch state {
        case .closing(let reason, _), .draining(let reason, _): reason
        case .awaitingHello, .authenticated: nil
        }
    }

    /// When a closing or draining connection is closed regardless.
    var closingDeadline: ContinuousClock.Instant? {
        switch state {
        case .closing(_, let deadline), .draining(_, let deadline): deadline
        case .awaitingHello, .authenticated: nil
        }
    }

    var pendingOutputBytes: Int { output.count - outputSent }

    /// Number of calls read whose reply has not yet reached the kernel: the
    /// deferred ones and those whose reply is still in the output.
    var callsInFlight: Int { deferredCalls.count + unsentReplyEnds.count - unsentReplyHead }

    /// True when the loop should read from the socket.
    var wantsInput: Bool { !isClosing && !inputPaused && !peerClosed }

    /// The epoll events the connection needs now.
    var desiredEvents: UInt32 {
        var events: UInt32 = 0
        if wantsInput || isDraining { events |= EPOLLIN.rawValue }
        if pendingOutputBytes > 0 { events |= EPOLLOUT.rawValue }
        return events
    }

    /// True when a closing connection has nothing left to do.
    var isReadyToClose: Bool {
        isClosing && !isDraining && deferredCalls.isEmpty && closingFrame == nil && pendingOutputBytes == 0
    }

    /// Appends an encoded frame to the output, counting it as a reply when it answers a call.
    func enqueue(frame: [UInt8], isReply: Bool) {
        output.append(contentsOf: frame)
        didQueue(frameBytes: frame.count, isReply: isReply)
    }

    /// Frames `payload` straight into the output with the connection's encoder, counting
    /// it as a reply when it replies to a call.
    ///
    /// - Throws: what `FrameEncoder.appendFrame` throws, and then the output is unchanged.
    func enqueueFrame(payload: [UInt8], isReply: Bool) throws(FrameError) {
        let before = output.count
        try encoder.appendFrame(payload: payload, to: &output)
        didQueue(frameBytes: output.count - before, isReply: isReply)
    }

    private func didQueue(frameBytes: Int, isReply: Bool) {
        totalQueuedBytes += UInt64(frameBytes)
        if isReply {
            unsentReplyEnds.append(totalQueuedBytes)
        }
    }

    /// Records that `count` more bytes reached the kernel and drops the
    /// replies that are now wholly sent from the in-flight count.
    func didSend(_ count: Int) {
        outputSent += count
        totalSentBytes += UInt64(count)
        while unsentReplyHead < unsentReplyEnds.count && unsentReplyEnds[unsentReplyHead] <= totalSentBytes {
            unsentReplyHead += 1
        }
        if unsentReplyHead == unsentReplyEnds.count {
            unsentReplyEnds.removeAll(keepingCapacity: true)
            unsentReplyHead = 0
        }
        if outputSent == output.count {
            output.removeAll(keepingCapacity: output.capacity <= Self.retainedOutputCapacityBytes)
            outputSent = 0
        } else if outputSent >= output.count / 2 {
            output.removeSubrange(0..<outputSent)
            outputSent = 0
        }
    }

    /// Largest output capacity kept once the output is empty.
    static let retainedOutputCapacityBytes = 256 << 10
}
