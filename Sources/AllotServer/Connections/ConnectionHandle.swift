import AllotWire
import Synchronization

/// A thread-safe reference to one authenticated connection, for handlers:
/// it pushes frames sent unasked and completes deferred calls from any
/// thread, through the connection's I/O thread mailbox.
public final class ConnectionHandle: Sendable, Hashable {
    /// Unique for the life of the process.
    public let id: UInt64
    /// The connection's authenticated account.
    public let account: Account
    /// The peer's address, for logs.
    public let peer: String

    private let mailbox: Mailbox
    private let maximumQueuedPushes: Int
    /// Pushes posted and not yet moved into the connection's output.
    let queuedPushes = Atomic<Int>(0)
    /// Pushes refused because the subscriber was too far behind.
    let droppedPushes = Atomic<Int>(0)
    let isClosed = Atomic<Bool>(false)
    private let lagReported = Atomic<Bool>(false)

    init(id: UInt64, account: Account, peer: String, mailbox: Mailbox, maximumQueuedPushes: Int) {
        self.id = id
        self.account = account
        self.peer = peer
        self.mailbox = mailbox
        self.maximumQueuedPushes = maximumQueuedPushes
    }

    /// Outcome of `push`.
    public enum PushResult: Sendable, Equatable {
        /// Queued for sending.
        case queued
        /// The connection is closed; the frame was dropped.
        case connectionClosed
        /// The subscriber is too far behind: the frame was dropped and the
        /// connection is being closed with RESOURCE_EXHAUSTED.
        case subscriberTooSlow
        /// The frame could not be encoded; the string is the encoder's error.
        case encodingFailed(String)
    }

    /// Pushes a frame sent unasked (call_id zero), such as an event.
    ///
    /// - Complexity: O(encoded frame size). It takes the mailbox lock and
    ///   may write the thread's eventfd, but never waits for the network.
    @discardableResult
    public func push(_ frame: Wire.ServerFrame) -> PushResult {
        precondition(frame.callID == 0, "pushed frames carry call_id 0, not \(frame.callID)")
        guard !isClosed.load(ordering: .acquiring) else { return .connectionClosed }
        let payload: [UInt8]
        do {
            payload = try frame.encodedBytes()
        } catch {
            return .encodingFailed(error.description)
        }
        let queued = queuedPushes.add(1, ordering: .relaxed).newValue
        guard queued <= maximumQueuedPushes else {
            queuedPushes.subtract(1, ordering: .relaxed)
            droppedPushes.add(1, ordering: .relaxed)
            reportLag()
            return .subscriberTooSlow
        }
        mailbox.post(.push(connectionID: id, payload: payload))
        return .queued
    }

    /// Sends the reply of a call for which the handler returned `.deferred`.
    public func complete(callID: UInt64, with outcome: CallOutcome) {
        var code = Wire.StatusCode.ok
        let payload: [UInt8]
        do {
            // The response is encoded where it is, not copied into a frame first.
            switch outcome {
            case .response(let response):
                payload = try Wire.ServerFrame.encodedReply(callID: callID, response: response)
            case .failure(let failure):
                code = failure.code
                payload = try Wire.ServerFrame(callID: callID, status: failure.status).encodedBytes()
            case .deferred:
                preconditionFailure("call \(callID) completed with .deferred; complete it with a response or a failure")
            }
        } catch {
            code = .internal
            let status = Wire.Status(code: .internal, message: "the reply could not be encoded: \(error.description)")
            payload = (try? Wire.ServerFrame(callID: callID, status: status).encodedBytes()) ?? []
        }
        mailbox.post(.complete(connectionID: id, callID: callID, status: code, payload: payload))
    }

    private func reportLag() {
        guard lagReported.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        let status = Wire.Status(
            code: .resourceExhausted,
            message: "this connection fell more than \(maximumQueuedPushes) pushed events behind and is closed; read events faster, then reconnect and resume each subscription from the last sequence received"
        )
        mailbox.post(.disconnect(connectionID: id, status: status, reason: "subscriber too slow"))
    }

    public static func == (left: ConnectionHandle, right: ConnectionHandle) -> Bool {
        left.id == right.id
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
    }
}
