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

    /// Returns whether the subscriber receives `event`.
    ///
    /// A workspace-wide subscription receives the events that the
    /// workspace's events_filter lets through. A worker's subscription
    /// receives all of that worker's reservation events whatever the filter,
    /// because a worker client learns of its reservations from them.
    func accepts(_ event: EngineEvent) -> Bool {
        if let eventTypes, !eventTypes.contains(event.type) { return false }
        if let workerSid {
            return event.resourceType == "reservation" && event.data.workerSid == workerSid
        }
        return event.isDelivered
    }
}
