/// An expression context whose values are fixed documents, for tools and
/// tests: `allot eval` and the conformance cases use it.
///
/// A worker is described by one JSON object, the worker document, whose
/// keys `sid`, `friendly_name`, `activity_sid` and `activity_name` are the
/// system fields and whose `channels` object gives each channel's counts:
/// `{"voice": {"configured_capacity": 1, "active_reservations": 0,
/// "assigned_tasks": 0}}`, where a missing `active_reservations` counts the
/// assigned tasks. Its other keys are the worker's attributes.
public struct DocumentContext: ExpressionContext, Sendable {
    /// A worker's counts on one channel.
    public struct ChannelState: Sendable, Hashable {
        /// How many tasks of the channel the worker may hold at once.
        public var configuredCapacity: Int
        /// Reservations that are pending, accepted or wrapping.
        public var activeReservations: Int
        /// Accepted tasks.
        public var assignedTasks: Int

        /// Creates a channel state from its three counts.
        public init(configuredCapacity: Int, activeReservations: Int, assignedTasks: Int) {
            self.configuredCapacity = configuredCapacity
            self.activeReservations = activeReservations
            self.assignedTasks = assignedTasks
        }
    }

    /// A member of the step queue, as `skip_if` counts it.
    public struct QueueMember: Sendable, Hashable {
        /// The SID of the member's current activity.
        public var activitySid: String
        /// Whether that activity is an available one.
        public var isAvailable: Bool

        /// Creates a member in activity `activitySid`.
        public init(activitySid: String, isAvailable: Bool) {
            self.activitySid = activitySid
            self.isAvailable = isAvailable
        }
    }

    /// The task's attributes.
    public var taskAttributes: AttributeValue
    /// The worker's attributes, without the system keys of the worker document.
    public var workerAttributes: AttributeValue
    /// The worker's system fields that are known.
    public var workerSystemFields: [WorkerSystemField: String]
    /// The worker's channels by unique name.
    public var channels: [String: ChannelState]
    /// The step queue's members.
    public var queueMembers: [QueueMember]
    /// The instant that `taskrouter.*` keys read, in milliseconds since the Unix epoch.
    public var nowUnixMilliseconds: Int64

    /// Creates a context from its parts; every part is empty by default.
    public init(
        taskAttributes: AttributeValue = .emptyObject,
        workerAttributes: AttributeValue = .emptyObject,
        workerSystemFields: [WorkerSystemField: String] = [:],
        channels: [String: ChannelState] = [:],
        queueMembers: [QueueMember] = [],
        nowUnixMilliseconds: Int64 = 0
    ) {
        self.taskAttributes = taskAttributes
        self.workerAttributes = workerAttributes
        self.workerSystemFields = workerSystemFields
        self.channels = channels
        self.queueMembers = queueMembers
        self.nowUnixMilliseconds = nowUnixMilliseconds
    }

    /// Returns the system field, or null when the document did not give it.
    public func workerSystemField(_ field: WorkerSystemField) -> AttributeValue {
        workerSystemFields[field].map(AttributeValue.string) ?? .null
    }

    /// Returns the channel field, or null when the worker has no such channel.
    public func workerChannelField(channel: String, field: WorkerChannelField) -> AttributeValue {
        guard let state = channels[channel] else { return .null }
        switch field {
        case .configuredCapacity:
            return .number(Double(state.configuredCapacity))
        case .assignedTasks:
            return .number(Double(state.assignedTasks))
        case .availableCapacityPercentage:
            let percentage = WorkerChannelField.availableCapacityPercentage(
                configuredCapacity: state.configuredCapacity,
                activeReservations: state.activeReservations
            )
            return .number(Double(percentage))
        }
    }

    /// Counts the queue members that `selector` selects.
    public func workerCount(_ selector: WorkerCountSelector) -> Int {
        switch selector {
        case .available: queueMembers.count { $0.isAvailable }
        case .unavailable: queueMembers.count { !$0.isAvailable }
        case .activity(let sid): queueMembers.count { $0.activitySid == sid }
        }
    }
}
