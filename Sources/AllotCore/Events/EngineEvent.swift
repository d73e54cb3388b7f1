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

    public var taskSid: String? { box.fields.taskSid?.text }

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

    public var taskQueueSid: String? { box.fields.taskQueueSid?.text }

    public var taskQueueName: String? {
        get { box.fields.taskQueueName }
        set { modify { $0.taskQueueName = newValue } }
    }

    public var taskQueueTargetExpression: String? {
        get { box.fields.taskQueueTargetExpression }
        set { modify { $0.taskQueueTargetExpression = newValue } }
    }

    /// For `task-queue.moved`: the queue the task left.
    public var previousTaskQueueSid: String? { box.fields.previousTaskQueueSid?.text }

    public var taskChannelSid: String? { box.fields.taskChannelSid?.text }

    public var taskChannelUniqueName: String? {
        get { box.fields.taskChannelUniqueName }
        set { modify { $0.taskChannelUniqueName = newValue } }
    }

    /// For `task-channel.*`: the channel's friendly name.
    public var taskChannelName: String? {
        get { box.fields.taskChannelName }
        set { modify { $0.taskChannelName = newValue } }
    }

    /// For `task-channel.*`: whether the channel orders workers by idle time on that channel.
    public var taskChannelOptimizedRouting: Bool? {
        get { box.fields.taskChannelOptimizedRouting }
        set { modify { $0.taskChannelOptimizedRouting = newValue } }
    }

    public var workflowSid: String? { box.fields.workflowSid?.text }

    public var workflowName: String? {
        get { box.fields.workflowName }
        set { modify { $0.workflowName = newValue } }
    }

    /// Filter name for `workflow.target-matched`.
    public var workflowFilterName: String? {
        get { box.fields.workflowFilterName }
        set { modify { $0.workflowFilterName = newValue } }
    }

    public var workerSid: String? { box.fields.workerSid?.text }

    /// The worker's SID as bits, which compare without formatting the text.
    public var workerEventSid: EventSid? { box.fields.workerSid }

    public var workerName: String? {
        get { box.fields.workerName }
        set { modify { $0.workerName = newValue } }
    }

    public var workerAttributes: AttributeValue? {
        get { box.fields.workerAttributes }
        set { modify { $0.workerAttributes = newValue } }
    }

    /// The worker's version, which changes with every update to the worker.
    public var workerVersion: UInt64? {
        get { box.fields.workerVersion }
        set { modify { $0.workerVersion = newValue } }
    }

    public var workerActivitySid: String? { box.fields.workerActivitySid?.text }

    public var workerActivityName: String? {
        get { box.fields.workerActivityName }
        set { modify { $0.workerActivityName = newValue } }
    }

    public var workerPreviousActivitySid: String? { box.fields.workerPreviousActivitySid?.text }

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

    /// For worker channel changes: the capacity the channel offers now,
    /// which is its configured capacity while it is available and 0 while not.
    /// NOTE: TaskRouter names this field without defining it; this reading is a guess.
    public var workerChannelAvailableCapacity: Int? {
        get { box.fields.workerChannelAvailableCapacity }
        set { modify { $0.workerChannelAvailableCapacity = newValue } }
    }

    /// For worker channel changes: the tasks of the channel assigned to the worker.
    public var workerChannelTaskCount: Int? {
        get { box.fields.workerChannelTaskCount }
        set { modify { $0.workerChannelTaskCount = newValue } }
    }

    public var reservationSid: String? { box.fields.reservationSid?.text }

    public var activitySid: String? { box.fields.activitySid?.text }

    public var activityName: String? {
        get { box.fields.activityName }
        set { modify { $0.activityName = newValue } }
    }

    public var activityAvailable: Bool? {
        get { box.fields.activityAvailable }
        set { modify { $0.activityAvailable = newValue } }
    }

    public var knownWorkerSid: String? { box.fields.knownWorkerSid?.text }

    /// The fields that hold a SID.
    enum SidField {
        case task, taskQueue, previousTaskQueue, taskChannel, workflow, worker
        case workerActivity, workerPreviousActivity, reservation, activity, knownWorker
    }

    /// Sets a SID field to `sid`, which keeps a generated SID's bits until the field is read.
    mutating func setSid(_ field: SidField, _ sid: EventSid?) {
        modify { fields in
            switch field {
            case .task: fields.taskSid = sid
            case .taskQueue: fields.taskQueueSid = sid
            case .previousTaskQueue: fields.previousTaskQueueSid = sid
            case .taskChannel: fields.taskChannelSid = sid
            case .workflow: fields.workflowSid = sid
            case .worker: fields.workerSid = sid
            case .workerActivity: fields.workerActivitySid = sid
            case .workerPreviousActivity: fields.workerPreviousActivitySid = sid
            case .reservation: fields.reservationSid = sid
            case .activity: fields.activitySid = sid
            case .knownWorker: fields.knownWorkerSid = sid
            }
        }
    }

    /// The values behind the accessors above.
    private struct Fields: Hashable {
        var taskSid: EventSid? = nil
        var taskAttributes: AttributeValue? = nil
        var taskAgeSeconds: Int64? = nil
        var taskPriority: Int? = nil
        var taskAssignmentStatus: TaskStatus? = nil
        var taskCanceledReason: String? = nil
        var taskCompletedReason: String? = nil
        var taskQueueSid: EventSid? = nil
        var taskQueueName: String? = nil
        var taskQueueTargetExpression: String? = nil
        var previousTaskQueueSid: EventSid? = nil
        var taskChannelSid: EventSid? = nil
        var taskChannelUniqueName: String? = nil
        var taskChannelName: String? = nil
        var taskChannelOptimizedRouting: Bool? = nil
        var workflowSid: EventSid? = nil
        var workflowName: String? = nil
        var workflowFilterName: String? = nil
        var workerSid: EventSid? = nil
        var workerName: String? = nil
        var workerAttributes: AttributeValue? = nil
        var workerVersion: UInt64? = nil
        var workerActivitySid: EventSid? = nil
        var workerActivityName: String? = nil
        var workerPreviousActivitySid: EventSid? = nil
        var workerTimeInPreviousActivityMilliseconds: Int64? = nil
        var workerChannelCapacity: Int? = nil
        var workerChannelPreviousCapacity: Int? = nil
        var workerChannelAvailable: Bool? = nil
        var workerChannelAvailableCapacity: Int? = nil
        var workerChannelTaskCount: Int? = nil
        var reservationSid: EventSid? = nil
        var activitySid: EventSid? = nil
        var activityName: String? = nil
        var activityAvailable: Bool? = nil
        var knownWorkerSid: EventSid? = nil
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
    /// The SID of the resource the event is about, when the engine generated it.
    let resource: EventSid?
    /// The SID of the resource as given, when it is not in the generated
    /// form: a workspace SID that a client chose.
    let resourceText: String?
    public var resourceSid: String { resource?.text ?? resourceText ?? "" }
    /// Whether the workspace's `events_filter` lets the event through to subscribers.
    public var isDelivered: Bool
    public var data: EventData
    /// Whether a timer caused the event (a reservation or task timing out, a
    /// step timeout, the minute tick) rather than a call, so that it can be
    /// reported as the system's action.
    public var causedByTimer: Bool = false

    public var resourceType: String { type.resourceType }
}
