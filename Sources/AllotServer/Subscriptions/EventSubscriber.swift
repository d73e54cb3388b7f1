import AllotCore

/// One subscription: the connection that receives its events and the
/// filters they must pass.
struct EventSubscriber: Sendable {
    let id: UInt64
    let connection: ConnectionHandle
    /// When set, only this worker's reservation events.
    let workerSid: String?
    /// When set, only events of these types.
    let eventTypes: Set<EventType>?
    /// `workerSid` as bits, so that checking each reservation event against
    /// each worker's subscription formats no SID.
    private let worker: EventSid?

    init(id: UInt64, connection: ConnectionHandle, workerSid: String?, eventTypes: Set<EventType>?) {
        self.id = id
        self.connection = connection
        self.workerSid = workerSid
        self.eventTypes = eventTypes
        worker = workerSid.flatMap(EventSid.init(generated:))
    }

    /// Returns whether the subscriber receives `event`.
    ///
    /// A workspace-wide subscription receives the events that the
    /// workspace's events_filter lets through. A worker's subscription
    /// receives all of that worker's reservation events whatever the filter,
    /// because a worker client learns of its reservations from them.
    func accepts(_ event: EngineEvent) -> Bool {
        if let eventTypes, !eventTypes.contains(event.type) { return false }
        if let workerSid {
            guard event.resourceType == "reservation" else { return false }
            if let worker { return event.data.workerEventSid == worker }
            return event.data.workerSid == workerSid
        }
        return event.isDelivered
    }
}
