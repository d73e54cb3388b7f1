/// One worker's settings and load on one task channel (a WorkerChannel).
struct WorkerChannelState: Sendable, Hashable {
    /// The SID's 128 bits, formatted on demand: every worker has a channel
    /// state per task channel, and a stored SID string cost about 64 bytes
    /// of heap each.
    let sidValue: SidValue
    /// Maximum concurrent tasks on this channel, 0 to the capacity limit.
    var configuredCapacity: Int
    /// Reservations in pending, accepted or wrapping state on this channel.
    var activeCount: Int
    /// Reservations in accepted or wrapping state (assigned tasks).
    var assignedCount: Int
    /// Idle ticket for channel-optimized routing: the last reservation on this channel.
    var idleTicket: Int64
    let createdAt: Timestamp
    var updatedAt: Timestamp
    // The two narrow fields come last, which saves 8 bytes of padding in each
    // of the worker's channel states.
    /// The task channel this state belongs to.
    let channel: ChannelHandle
    /// False stops new reservations on this channel; capacity is kept.
    var available: Bool

    init(sidValue: SidValue, channel: ChannelHandle, configuredCapacity: Int = 1, available: Bool = true,
         activeCount: Int = 0, assignedCount: Int = 0, idleTicket: Int64, createdAt: Timestamp, updatedAt: Timestamp) {
        self.sidValue = sidValue
        self.configuredCapacity = configuredCapacity
        self.activeCount = activeCount
        self.assignedCount = assignedCount
        self.idleTicket = idleTicket
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.channel = channel
        self.available = available
    }

    /// `floor((1 - active / configured) * 100)`, by the expression module's
    /// formula: 0 when the configured capacity is 0, and never negative.
    var availableCapacityPercentage: Int {
        WorkerChannelField.availableCapacityPercentage(configuredCapacity: configuredCapacity, activeReservations: activeCount)
    }

    var sid: String { sidValue.formatted(.workerChannel) }

    /// Whether this channel can take one more reservation in a multitasking workspace.
    var hasSpareCapacity: Bool { available && activeCount < configuredCapacity }
}

/// A worker channel as the API returns it.
public struct WorkerChannelInfo: Sendable, Hashable {
    public var sid: String
    public var workerSid: String
    public var workspaceSid: String
    public var accountSid: String
    public var taskChannelSid: String
    public var taskChannelUniqueName: String
    public var configuredCapacity: Int
    public var available: Bool
    public var assignedTasks: Int
    /// Pending, accepted and wrapping reservations on the channel.
    public var activeReservations: Int
    public var availableCapacityPercentage: Int
    public var dateCreated: Timestamp
    public var dateUpdated: Timestamp
}
