import AllotWire

/// The connection's bookkeeping, guarded by one mutex: calls awaiting a
/// reply and the open subscriptions. It does no I/O; the methods return the
/// continuations to resume, and the caller resumes them outside the lock.
struct ConnectionState: ~Copyable {
    typealias ReplyContinuation = CheckedContinuation<Result<Wire.ServerFrame, AllotError>, Never>
    typealias SinkContinuation = AsyncStream<SubscriptionMessage>.Continuation

    /// A call that was sent and awaits its reply.
    struct PendingCall {
        var continuation: ReplyContinuation
        var timer: Task<Void, Never>?
        /// The event sink of a subscribe call, registered before the call is
        /// sent so that no push can arrive before its consumer exists.
        var sink: SinkContinuation?
    }

    private var lastCallID: UInt64 = 0
    /// Call IDs allocated and not yet registered as pending.
    private var allocatedCallIDs: Set<UInt64> = []
    /// Failures (timeout, cancellation) that struck a call before it was registered.
    private var earlyFailures: [UInt64: AllotError] = [:]
    private var pendingCalls: [UInt64: PendingCall] = [:]
    private var sinks: [UInt64: SinkContinuation] = [:]
    /// Set once the connection has ended; every later call fails with it.
    private(set) var closedError: AllotError?

    mutating func allocateCallID() -> UInt64 {
        lastCallID += 1
        allocatedCallIDs.insert(lastCallID)
        return lastCallID
    }

    /// Registers a call; returns the error to fail it with at once instead,
    /// when the connection is closed or the call already timed out or was canceled.
    mutating func register(_ callID: UInt64, _ call: PendingCall) -> AllotError? {
        allocatedCallIDs.remove(callID)
        if let error = earlyFailures.removeValue(forKey: callID) {
            return error
        }
        if let closedError {
            return .sentAfterClose(closedError)
        }
        pendingCalls[callID] = call
        return nil
    }

    /// Forgets a call ID that was allocated but never sent.
    mutating func discard(_ callID: UInt64) {
        allocatedCallIDs.remove(callID)
        earlyFailures.removeValue(forKey: callID)
    }

    /// Removes a pending call for a failure; nil when it already finished.
    mutating func fail(_ callID: UInt64, _ error: AllotError) -> PendingCall? {
        if allocatedCallIDs.contains(callID) {
            earlyFailures[callID] = error
            return nil
        }
        return pendingCalls.removeValue(forKey: callID)
    }

    /// Removes the pending call that `frame` answers, and opens its
    /// subscription when the frame is a successful reply to subscribe_events.
    mutating func complete(_ frame: Wire.ServerFrame) -> PendingCall? {
        guard let call = pendingCalls.removeValue(forKey: frame.callID) else { return nil }
        if let sink = call.sink {
            if frame.status?.code ?? .ok == .ok, case .subscription(let subscription)? = frame.response {
                sinks[subscription.subscriptionID] = sink
            } else {
                sink.finish()
            }
        }
        return call
    }

    func sink(for subscriptionID: UInt64) -> SinkContinuation? {
        sinks[subscriptionID]
    }

    mutating func removeSink(for subscriptionID: UInt64) -> SinkContinuation? {
        sinks.removeValue(forKey: subscriptionID)
    }

    /// Marks the connection closed and returns everything to fail; nil when
    /// it was already closed.
    mutating func close(_ error: AllotError) -> (calls: [PendingCall], sinks: [SinkContinuation])? {
        guard closedError == nil else { return nil }
        closedError = error
        let calls = Array(pendingCalls.values)
        let openSinks = Array(sinks.values)
        pendingCalls = [:]
        sinks = [:]
        earlyFailures = [:]
        return (calls, openSinks)
    }
}
