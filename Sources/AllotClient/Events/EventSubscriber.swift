import AllotWire

/// The state of one event stream: its current connection and subscription,
/// and the last sequence delivered. Resubscribing after a failure passes
/// that sequence as after_sequence, and events at or before it are
/// skipped, so none is delivered twice.
final class EventSubscriber {
    /// The connection the stream was created on; closing it ends the stream.
    private let origin: AllotConnection
    /// The connection in use: the origin, or one opened after it dropped.
    private var connection: AllotConnection
    private let request: Wire.SubscribeEventsRequest
    private let statusHandler: (@Sendable (EventStreamStatus) -> Void)?
    private var messages: AsyncStream<SubscriptionMessage>.AsyncIterator?
    private(set) var lastDeliveredSequence: UInt64?

    /// The connection in use, which calls made alongside the stream should use too:
    /// after a reconnect, the one the stream was created on is closed.
    var currentConnection: AllotConnection { connection }

    init(connection: AllotConnection, request: Wire.SubscribeEventsRequest, lastDeliveredSequence: UInt64?,
         statusHandler: (@Sendable (EventStreamStatus) -> Void)? = nil) {
        self.origin = connection
        self.connection = connection
        self.request = request
        self.statusHandler = statusHandler
        self.lastDeliveredSequence = lastDeliveredSequence
    }

    /// Subscribes on the current connection, from the last delivered sequence.
    func subscribe() async throws(AllotError) {
        var subscribeRequest = request
        subscribeRequest.afterSequence = lastDeliveredSequence
        let channel = try await connection.subscribe(subscribeRequest, timeout: ClientLimits.defaultCallTimeout)
        if lastDeliveredSequence == nil, channel.subscription.nextSequence > 0 {
            lastDeliveredSequence = channel.subscription.nextSequence - 1
        }
        messages = channel.messages.makeAsyncIterator()
    }

    func next() async throws(AllotError) -> Wire.Event? {
        while true {
            if connection === origin && origin.wasClosedByClient { return nil }
            if messages == nil {
                try await resubscribe()
            }
            guard let message = await messages?.next() else {
                // Finished without a reason: the consumer fell too far behind.
                messages = nil
                continue
            }
            switch message {
            case .event(let event):
                if let last = lastDeliveredSequence, event.sequence <= last { continue }
                lastDeliveredSequence = event.sequence
                return event
            case .ended(let reason):
                messages = nil
                if connection === origin && origin.wasClosedByClient { return nil }
                if Self.isFinal(reason) { throw reason }
            }
        }
    }

    /// Subscribes again, opening a new connection when the current one has
    /// ended, and waits with exponential back-off between failed attempts.
    private func resubscribe() async throws(AllotError) {
        var delay = ClientLimits.initialReconnectDelay
        while true {
            if Task.isCancelled {
                throw AllotError(code: .cancelled, message: "the task consuming the event stream was canceled")
            }
            do {
                if connection.isClosed {
                    connection = try await AllotConnection.connect(origin.options)
                }
                try await subscribe()
                statusHandler?(.resumed(afterSequence: lastDeliveredSequence))
                return
            } catch {
                if Self.isFinal(error) { throw error }
                statusHandler?(.reconnecting(error: error, delay: delay))
            }
            do {
                try await Task.sleep(for: delay)
            } catch {
                throw AllotError(code: .cancelled, message: "the task consuming the event stream was canceled")
            }
            delay = min(delay * 2, ClientLimits.maximumReconnectDelay)
        }
    }

    /// Whether a failure ends the stream rather than causing a retry:
    /// retrying cannot fix a rejected subscription or lost events.
    private static func isFinal(_ error: AllotError) -> Bool {
        switch error.code {
        case .unavailable, .resourceExhausted, .aborted, .deadlineExceeded, .unknown, .internal:
            return false
        case .cancelled:
            return error.origin == .client
        default:
            return true
        }
    }
}
