/// Fields of an event, by TaskRouter's field groups; unset ones are nil.
///
/// The fields live in one shared, copy-on-write box. An event is copied
/// into the workspace's ring, into the operation's result and on to
/// subscribers. With thirty optional fields stored inline, each copy
/// retained and released every string among them.
public struct EventData: Sendable, Hashable {
    /// The stored fields. A setter copies the box first unless this value
    /// is its only owner.
    private var box: FieldBox

    public init() {
        box = FieldBox(Fields())
    }

    private mutating func modify(_ body: (inout Fields) -> Void) {
        if !isKnownUniquelyReferenced(&box) { box = FieldBox(box.fields) }
        body(&box.fields)
    }

    public static func == (lhs: EventData, rhs: EventData) -> Bool {
        lhs.box === rhs.box || lhs.box.fields == rhs.box.fields
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(box.fields)
    }

    public var taskSid: String? {
        get { box.fields.taskSid }
        set { modify { $0.taskSid = newValue } }
    }

    public var taskAttributes: AttributeValue? {
        get { box.fields.taskAttributes }
        set { modify { $0.taskAttributes = newValue } }
    }

    public var taskAgeSeconds: Int64? {
        get { box.fields.taskAgeSeconds }
        set { modify { $0.taskAgeSeconds = newValue } }
    }

    public var taskPriority: Int? {
        get { box.fields.taskPriority }
        set { modify { $0.taskPriority = newValue } }
    }

    public var taskAssignmentStatus: TaskStatus? {
        get { box.fields.taskAssignmentStatus }
        set { modify { $0.taskAssignmentStatus = newValue } }
    }

    public var taskCanceledReason: String? {
        get { box.fields.taskCanceledReason }
        set { modify { $0.taskCanceledReason = newValue } }
    }

    public var taskCompletedReason: String? {
        get { box.fields.taskCompletedReason }
        set { modify { $0.taskCompletedReason = newValue } }
    }

    public var taskQueueSid: String? {
        get { box.fields.taskQueueSid }
        set { modify { $0.taskQueueSid = newValue } }
    }

    public var taskQueueName: String? {
        get { box.fields.taskQueueName }
        set { modify { $0.taskQueueName = newValue } }
    }

    public var taskQueueTargetExpression: String? {
        get { box.fields.taskQueueTargetExpression }
        set { modify { $0.taskQueueTargetExpression = newValue } }
    }

    /// For `task-queue.moved`: the queue the task left.
    public var previousTaskQueueSid: String? {
        get { box.fields.previousTaskQueueSid }
        set { modify { $0.previousTaskQueueSid = newValue } }
    }

    public var taskChannelSid: String? {
        get { box.fields.taskChannelSid }
        set { modify { $0.taskChannelSid = newValue } }
    }

    public var taskChannelUniqueName: String? {
        get { box.fields.taskChannelUniqueName }
        set { modify { $0.taskChannelUniqueName = newValue } }
    }

    public var workflowSid: String? {
        get { box.fields.workflowSid }
        set { modify { $0.workflowSid = newValue } }
    }

    public var workflowName: String? {
        get { box.fields.workflowName }
        set { modify { $0.workflowName = newValue } }
    }

    /// Filter name for `workflow.target-matched`.
    public var workflowFilterName: String? {
        get { box.fields.workflowFilterName }
        set { modify { $0.workflowFilterName = newValue } }
    }

    public var workerSid: String? {
        get { box.fields.workerSid }
        set { modify { $0.workerSid = newValue } }
    }

    public var workerName: String? {
        get { box.fields.workerName }
        set { modify { $0.workerName = newValue } }
    }

    public var workerActivitySid: String? {
        get { box.fields.workerActivitySid }
        set { modify { $0.workerActivitySid = newValue } }
    }

    public var workerActivityName: String? {
        get { box.fields.workerActivityName }
        set { modify { $0.workerActivityName = newValue } }
    }

    public var workerPreviousActivitySid: String? {
        get { box.fields.workerPreviousActivitySid }
        set { modify { $0.workerPreviousActivitySid = newValue } }
    }

    public var workerTimeInPreviousActivityMilliseconds: Int64? {
        get { box.fields.workerTimeInPreviousActivityMilliseconds }
        set { modify { $0.workerTimeInPreviousActivityMilliseconds = newValue } }
    }

    public var workerChannelCapacity: Int? {
        get { box.fields.workerChannelCapacity }
        set { modify { $0.workerChannelCapacity = newValue } }
    }

    public var workerChannelPreviousCapacity: Int? {
        get { box.fields.workerChannelPreviousCapacity }
        set { modify { $0.workerChannelPreviousCapacity = newValue } }
    }

    public var workerChannelAvailable: Bool? {
        get { box.fields.workerChannelAvailable }
        set { modify { $0.workerChannelAvailable = newValue } }
    }

    public var reservationSid: String? {
        get { box.fields.reservationSid }
        set { modify { $0.reservationSid = newValue } }
    }

    public var activitySid: String? {
        get { box.fields.activitySid }
        set { modify { $0.activitySid = newValue } }
    }

    public var activityName: String? {
        get { box.fields.activityName }
        set { modify { $0.activityName = newValue } }
    }

    public var activityAvailable: Bool? {
        get { box.fields.activityAvailable }
        set { modify { $0.activityAvailable = newValue } }
    }

    public var knownWorkerSid: String? {
        get { box.fields.knownWorkerSid }
        set { modify { $0.knownWorkerSid = newValue } }
    }

    /// The values behind the accessors above.
    private struct Fields: Hashable {
        var taskSid: String? = nil
        var taskAttributes: AttributeValue? = nil
        var taskAgeSeconds: Int64? = nil
        var taskPriority: Int? = nil
        var taskAssignmentStatus: TaskStatus? = nil
        var taskCanceledReason: String? = nil
        var taskCompletedReason: String? = nil
        var taskQueueSid: String? = nil
        var taskQueueName: String? = nil
        var taskQueueTargetExpression: String? = nil
        var previousTaskQueueSid: String? = nil
        var taskChannelSid: String? = nil
        var taskChannelUniqueName: String? = nil
        var workflowSid: String? = nil
        var workflowName: String? = nil
        var workflowFilterName: String? = nil
        var workerSid: String? = nil
        var workerName: String? = nil
        var workerActivitySid: String? = nil
        var workerActivityName: String? = nil
        var workerPreviousActivitySid: String? = nil
        var workerTimeInPreviousActivityMilliseconds: Int64? = nil
        var workerChannelCapacity: Int? = nil
        var workerChannelPreviousCapacity: Int? = nil
        var workerChannelAvailable: Bool? = nil
        var reservationSid: String? = nil
        var activitySid: String? = nil
        var activityName: String? = nil
        var activityAvailable: Bool? = nil
        var knownWorkerSid: String? = nil
    }

    /// The shared holder of one `Fields` value. It is safe to send because
    /// only `modify` writes to it, and only when one value owns it alone.
    private final class FieldBox: @unchecked Sendable {
        var fields: Fields

        init(_ fields: Fields) {
            self.fields = fields
        }
    }
}

/// One transition, as appended to the workspace's event ring.
public struct EngineEvent: Sendable, Hashable {
    /// Position in the workspace's causal order, starting at 1.
    public var sequence: UInt64
    /// The SID's bits. `sid` formats them when read, so that the eight or so
    /// events of a routing cycle allocate no SID strings unless they are read.
    let sidValue: SidValue
    public var sid: String { sidValue.formatted(.event) }
    public var type: EventType
    public var timestamp: Timestamp
    public var accountSid: String
    public var workspaceSid: String
    public var resourceSid: String
    /// Whether the workspace's `events_filter` lets the event through to subscribers.
    public var isDelivered: Bool
    public var data: EventData
    /// Whether a timer caused the event (a reservation or task timing out, a
    /// step timeout, the minute tick) rather than a call, so that it can be
    /// reported as the system's action.
    public var causedByTimer: Bool = false

    public var resourceType: String { type.resourceType }
}
