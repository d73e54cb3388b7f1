/// A worker, its channels, its queue memberships and its load.
struct WorkerRecord: TableRecord {
    let sidValue: SidValue
    var friendlyName: String
    var attributes: AttributeValue
    var activity: ActivityHandle
    var activityChangedAt: Timestamp
    let createdAt: Timestamp
    var updatedAt: Timestamp
    /// Incremented on every change; the `If-Match` value.
    var version: UInt64 = 1
    let sequence: Int64
    /// Queues whose `target_workers` this worker satisfies, ascending.
    var queues: [QueueHandle] = []
    /// The worker's membership slot in each queue of `queues`, in the same
    /// order. Derived state, issued again on restore.
    var queueSlots: [Int32] = []
    /// Channel states indexed by channel handle; nil for freed channel slots.
    var channels: [WorkerChannelState?] = []
    /// Idle ticket: the last reservation or assignment, or a value below every
    /// issued ticket when the worker never had one.
    var idleTicket: Int64
    /// Reservations that hold capacity (pending, accepted, wrapping).
    var activeReservations: [ReservationHandle] = []
    /// Every stored reservation of this worker, in creation order.
    var reservations: [ReservationHandle] = []
    /// Tasks routed to this worker by `RoutingTarget` that wait for it.
    var directTasks = IndexedHeap<TaskHandle, TaskOrderKey>()
    var counters = CumulativeCounters()
    /// Time spent in each activity, closed on every activity change.
    var activityDurations: [ActivityHandle: DurationSummary] = [:]
    /// The counters and activity periods per minute, for cumulative statistics windows.
    var recentStatistics = MinuteBuckets()

    func channel(_ handle: ChannelHandle) -> WorkerChannelState? {
        let index = Int(handle.index)
        return index < channels.count ? channels[index] : nil
    }

    mutating func updateChannel(_ handle: ChannelHandle, _ body: (inout WorkerChannelState) -> Void) {
        let index = Int(handle.index)
        guard index < channels.count, var state = channels[index] else {
            preconditionFailure("worker \(sid) has no channel at handle \(handle)")
        }
        body(&state)
        channels[index] = state
    }
}

/// A worker as the API returns it.
public struct WorkerInfo: Sendable, Hashable {
    public var sid: String
    public var workspaceSid: String
    public var accountSid: String
    public var friendlyName: String
    public var attributes: AttributeValue
    public var activitySid: String
    public var activityName: String
    public var available: Bool
    public var dateCreated: Timestamp
    public var dateUpdated: Timestamp
    public var dateStatusChanged: Timestamp
    /// The `If-Match` value.
    public var version: UInt64
}
