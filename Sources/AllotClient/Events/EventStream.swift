import AllotWire

/// A workspace's events, in sequence order, as an `AsyncSequence`.
///
/// When the connection drops, or the server ends the subscription, the
/// stream connects again with exponential back-off (from
/// `ClientLimits.initialReconnectDelay` up to `maximumReconnectDelay`) and
/// resubscribes after the last event it delivered. The consumer therefore
/// sees each event once and in order, as long as the server still holds
/// the events missed while disconnected. When it no longer does, iteration
/// throws `AllotError` with code `outOfRange`. Iteration ends (returns nil)
/// when the connection the stream was created on is closed with `close()`,
/// and throws `cancelled` when the consuming task is canceled.
///
/// The stream is single-pass: iterate it once.
public struct EventStream: AsyncSequence {
    /// Each element is one event of the workspace.
    public typealias Element = Wire.Event

    let subscriber: EventSubscriber

    /// Returns the iterator; every iterator of one stream shares its position.
    public func makeAsyncIterator() -> Iterator {
        Iterator(subscriber: subscriber)
    }

    /// Sequence of the last event the stream delivered; events after it
    /// come next. Before the first event it is the position the
    /// subscription started from.
    public var lastDeliveredSequence: UInt64? { subscriber.lastDeliveredSequence }

    /// Iterates an `EventStream`.
    public struct Iterator: AsyncIteratorProtocol {
        let subscriber: EventSubscriber

        /// The connection the stream receives on now.
        var connection: AllotConnection { subscriber.currentConnection }

        /// Returns the next event, reconnecting as needed; nil once the
        /// stream's connection was closed by the client.
        ///
        /// - Throws: `AllotError`: `outOfRange` when events were lost,
        ///   `cancelled` when the task was canceled, or the server's error
        ///   when it rejects the subscription for good (`notFound`,
        ///   `unauthenticated`, `invalidArgument`, ...).
        public mutating func next() async throws -> Wire.Event? {
            try await subscriber.next()
        }
    }
}

/// A report of an event stream's recovery from a dropped connection or an ended
/// subscription, for a program that wants to tell its user.
public enum EventStreamStatus: Sendable {
    /// Subscribing again failed with `error`; the next attempt comes after `delay`.
    case reconnecting(error: AllotError, delay: Duration)
    /// A new subscription resumes after event `afterSequence` (nil: with the next new event).
    case resumed(afterSequence: UInt64?)
}

extension AllotConnection {
    /// Subscribes to a workspace's events and returns them as a stream.
    ///
    /// The subscription starts before this method returns, so events caused
    /// by calls made after it are in the stream.
    ///
    /// - Parameters:
    ///   - workspaceSID: the workspace.
    ///   - after: the sequence of the last event already seen; the stream
    ///     starts with the event after it. Nil starts with the next new event.
    ///   - eventTypes: when not empty, only events of these types, such as
    ///     "task.created".
    ///   - statusHandler: called, on the iterating task, each time a reconnection attempt
    ///     fails and each time the stream resumes.
    /// - Throws: the server's error when it rejects the subscription.
    public func events(workspace workspaceSID: String, after: UInt64? = nil, eventTypes: [String] = [],
                       statusHandler: (@Sendable (EventStreamStatus) -> Void)? = nil) async throws(AllotError) -> EventStream {
        let request = Wire.SubscribeEventsRequest(workspaceSID: workspaceSID, afterSequence: after, eventTypes: eventTypes)
        return try await eventStream(request, after: after, statusHandler: statusHandler)
    }

    /// Subscribes to one worker's reservation events ("reservation.created",
    /// "reservation.accepted", ...) and returns them as a stream.
    public func reservationEvents(workspace workspaceSID: String, worker workerSID: String, after: UInt64? = nil, eventTypes: [String] = []) async throws(AllotError) -> EventStream {
        let request = Wire.SubscribeEventsRequest(workspaceSID: workspaceSID, workerSID: workerSID, afterSequence: after, eventTypes: eventTypes)
        return try await eventStream(request, after: after)
    }

    private func eventStream(_ request: Wire.SubscribeEventsRequest, after: UInt64?,
                             statusHandler: (@Sendable (EventStreamStatus) -> Void)? = nil) async throws(AllotError) -> EventStream {
        let subscriber = EventSubscriber(connection: self, request: request, lastDeliveredSequence: after, statusHandler: statusHandler)
        try await subscriber.subscribe()
        return EventStream(subscriber: subscriber)
    }
}
