import AllotWire
import Foundation
import Synchronization

/// The socket, the pending calls and the reader loop of one connection.
/// The reader thread holds the core, not the `AllotConnection`, so that
/// dropping the last reference to the connection closes it.
final class ConnectionCore: Sendable {
    let socket: ClientSocket
    private let state = Mutex(ConnectionState())
    /// Held while a frame is written, so that frames of concurrent calls do
    /// not interleave on the stream.
    private let encoder = Mutex(FrameEncoder())
    /// Largest frame accepted from the server; the server states its own limit in HelloReply.
    private let maximumFrameBytes = Atomic<Int>(WireLimits.defaultMaximumFrameBytes)

    init(socket: ClientSocket) {
        self.socket = socket
    }

    var isClosed: Bool { state.withLock { $0.closedError != nil } }

    /// Why the connection ended; nil while it is open.
    var closeReason: AllotError? { state.withLock { $0.closedError } }

    func setMaximumFrameBytes(_ bytes: Int) {
        let bounded = min(max(bytes, 1), WireLimits.maximumConfigurableFrameBytes)
        maximumFrameBytes.store(bounded, ordering: .relaxed)
        encoder.withLock { $0.maximumFrameBytes = bounded }
    }

    // MARK: Calls

    /// Sends one call and waits for its reply frame, whatever its status.
    func exchange(
        _ request: Wire.ClientFrame.Request,
        timeout: Duration,
        sink: ConnectionState.SinkContinuation?
    ) async -> Result<Wire.ServerFrame, AllotError> {
        let callID = state.withLock { $0.allocateCallID() }
        let bytes: [UInt8]
        do {
            bytes = try encode(request, callID: callID, timeout: timeout)
        } catch {
            state.withLock { $0.discard(callID) }
            sink?.finish()
            return .failure(error)
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: ConnectionState.ReplyContinuation) in
                let timer = Task { [weak self] in
                    guard (try? await Task.sleep(for: timeout)) != nil else { return }
                    self?.fail(callID, AllotError(code: .deadlineExceeded, message: "\(request.fieldName) got no reply within \(timeout); the server is overloaded or the timeout is too short"))
                }
                let call = ConnectionState.PendingCall(continuation: continuation, timer: timer, sink: sink)
                if let error = state.withLock({ $0.register(callID, call) }) {
                    finish(call, with: .failure(error))
                    return
                }
                let sent: Result<Void, AllotError> = encoder.withLock { _ in
                    Result { () throws(AllotError) in try socket.sendAll(bytes) }
                }
                if case .failure(let error) = sent {
                    close(error)
                }
            }
        } onCancel: {
            fail(callID, AllotError(code: .cancelled, message: "\(request.fieldName) was canceled by the calling task"))
        }
    }

    private func encode(_ request: Wire.ClientFrame.Request, callID: UInt64, timeout: Duration) throws(AllotError) -> [UInt8] {
        let now = UInt64(max(0, Date().timeIntervalSince1970 * 1000))
        let timeoutMilliseconds = UInt64(max(0, timeout.components.seconds)) * 1000 + UInt64(max(0, timeout.components.attoseconds / 1_000_000_000_000_000))
        let frame = Wire.ClientFrame(callID: callID, deadlineUnixMilliseconds: now + max(1, timeoutMilliseconds), request: request)
        do {
            let payload = try frame.serializedBytes()
            var output: [UInt8] = []
            try encoder.withLock { encoder throws(FrameError) in try encoder.appendFrame(payload: payload, to: &output) }
            return output
        } catch let error as FrameError {
            throw AllotError(code: .resourceExhausted, message: "\(request.fieldName) is too large to send: \(error)", field: request.fieldName)
        } catch {
            throw AllotError(code: .invalidArgument, message: "\(request.fieldName) cannot be encoded: \(error)", field: request.fieldName)
        }
    }

    private func fail(_ callID: UInt64, _ error: AllotError) {
        if let call = state.withLock({ $0.fail(callID, error) }) {
            finish(call, with: .failure(error))
        }
    }

    private func finish(_ call: ConnectionState.PendingCall, with result: Result<Wire.ServerFrame, AllotError>) {
        call.timer?.cancel()
        if case .failure(let error) = result {
            call.sink?.yield(.ended(error))
            call.sink?.finish()
        }
        call.continuation.resume(returning: result)
    }

    // MARK: Closing

    /// Ends the connection: fails the calls in flight and ends the
    /// subscriptions with `error`. Later calls fail with it too.
    func close(_ error: AllotError) {
        guard let ended = state.withLock({ $0.close(error) }) else { return }
        socket.shutdown()
        for call in ended.calls {
            finish(call, with: .failure(error))
        }
        for sink in ended.sinks {
            sink.yield(.ended(error))
            sink.finish()
        }
    }
}

// MARK: Delivery from the reader thread

extension ConnectionCore {
    func deliverReply(_ frame: Wire.ServerFrame) {
        if let call = state.withLock({ $0.complete(frame) }) {
            finish(call, with: .success(frame))
        }
    }

    func deliverPush(_ push: Wire.EventPush) {
        guard let event = push.event, let sink = state.withLock({ $0.sink(for: push.subscriptionID) }) else { return }
        if case .dropped = sink.yield(.event(event)) {
            // The consumer fell too far behind. End the subscription so that
            // the event stream resubscribes from the last event it delivered.
            endSubscription(push.subscriptionID, AllotError(code: .resourceExhausted, message: "more than \(ClientLimits.maximumBufferedEvents) events were waiting for the consumer"))
            Task { [weak self] in
                _ = await self?.exchange(.unsubscribeEvents(Wire.UnsubscribeEventsRequest(subscriptionID: push.subscriptionID)), timeout: ClientLimits.defaultCallTimeout, sink: nil)
            }
        }
    }

    func endSubscription(_ subscriptionID: UInt64, _ reason: AllotError) {
        guard let sink = state.withLock({ $0.removeSink(for: subscriptionID) }) else { return }
        sink.yield(.ended(reason))
        sink.finish()
    }
}
