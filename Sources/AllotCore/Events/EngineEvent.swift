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

    /// Creates event data that stores `fields`, as the event ring rebuilds it.
    init(fields: Fields) {
        box = FieldBox(fields)
    }

    /// The stored fields, as the event ring keeps them.
    var fields: Fields { box.fields }

    /// Assigns the stored fields to `target` straight from the box.
    func copyFields(into target: inout Fields) {
        target = box.fields
    }

    /// Creates event data whose fields `build` sets in place in a new box,
    /// without the uniqueness check that each setter makes.
    init(building build: (inout Fields) -> Void) {
        box = FieldBox(Fields())
        build(&box.fields)
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

    /// The values behind the accessors above. The engine's event builders
    /// set them in place, and the event ring keeps them inline.
    struct Fields: Hashable {
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
///
/// Everything but the sequence number lives in one immutable object, so
/// that each copy of an event (into the operation's result, on to
/// subscribers and their queues) retains one reference rather than every
/// string and box the event holds.
public struct EngineEvent: Sendable, Hashable {
    /// Position in the workspace's causal order, starting at 1.
    public var sequence: UInt64
    private let storage: Storage

    init(sequence: UInt64, sidValue: SidValue, type: EventType, timestamp: Timestamp, accountSid: String,
         workspaceSid: String, resource: EventSid?, resourceText: String?, isDelivered: Bool, data: EventData,
         causedByTimer: Bool = false) {
        self.sequence = sequence
        storage = Storage(sidValue: sidValue, type: type, timestamp: timestamp, accountSid: accountSid,
                          workspaceSid: workspaceSid, resource: resource, resourceText: resourceText,
                          isDelivered: isDelivered, data: data, causedByTimer: causedByTimer)
    }

    /// The SID's bits. `sid` formats them when read, so that the eight or so
    /// events of a routing cycle allocate no SID strings unless they are read.
    var sidValue: SidValue { storage.sidValue }
    public var sid: String { storage.sidValue.formatted(.event) }
    public var type: EventType { storage.type }
    public var timestamp: Timestamp { storage.timestamp }
    public var accountSid: String { storage.accountSid }
    public var workspaceSid: String { storage.workspaceSid }
    /// The SID of the resource the event is about, when the engine generated it.
    var resource: EventSid? { storage.resource }
    /// The SID of the resource as given, when it is not in the generated
    /// form: a workspace SID that a client chose.
    var resourceText: String? { storage.resourceText }
    public var resourceSid: String { storage.resource?.text ?? storage.resourceText ?? "" }
    /// Whether the workspace's `events_filter` lets the event through to subscribers.
    public var isDelivered: Bool { storage.isDelivered }
    public var data: EventData { storage.data }
    /// Whether a timer caused the event (a reservation or task timing out, a
    /// step timeout, the minute tick) rather than a call, so that it can be
    /// reported as the system's action.
    public var causedByTimer: Bool { storage.causedByTimer }

    public var resourceType: String { type.resourceType }

    /// Returns a copy of the event whose data `change` rewrote, as a listing
    /// that redacts old attributes does.
    func changingData(_ change: (inout EventData) -> Void) -> EngineEvent {
        var data = storage.data
        change(&data)
        return EngineEvent(sequence: sequence, sidValue: storage.sidValue, type: storage.type, timestamp: storage.timestamp,
                           accountSid: storage.accountSid, workspaceSid: storage.workspaceSid, resource: storage.resource,
                           resourceText: storage.resourceText, isDelivered: storage.isDelivered, data: data,
                           causedByTimer: storage.causedByTimer)
    }

    public static func == (lhs: EngineEvent, rhs: EngineEvent) -> Bool {
        lhs.sequence == rhs.sequence && (lhs.storage === rhs.storage || lhs.storage.hasSameContent(as: rhs.storage))
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(sequence)
        hasher.combine(storage.sidValue)
        hasher.combine(storage.type)
        hasher.combine(storage.timestamp)
        hasher.combine(storage.data)
    }

    /// The fields of an event after it was made; none of them changes.
    private final class Storage: Sendable {
        let sidValue: SidValue
        let type: EventType
        let timestamp: Timestamp
        let accountSid: String
        let workspaceSid: String
        let resource: EventSid?
        let resourceText: String?
        let isDelivered: Bool
        let data: EventData
        let causedByTimer: Bool

        init(sidValue: SidValue, type: EventType, timestamp: Timestamp, accountSid: String, workspaceSid: String,
             resource: EventSid?, resourceText: String?, isDelivered: Bool, data: EventData, causedByTimer: Bool) {
            self.sidValue = sidValue
            self.type = type
            self.timestamp = timestamp
            self.accountSid = accountSid
            self.workspaceSid = workspaceSid
            self.resource = resource
            self.resourceText = resourceText
            self.isDelivered = isDelivered
            self.data = data
            self.causedByTimer = causedByTimer
        }

        func hasSameContent(as other: Storage) -> Bool {
            sidValue == other.sidValue && type == other.type && timestamp == other.timestamp
                && accountSid == other.accountSid && workspaceSid == other.workspaceSid && resource == other.resource
                && resourceText == other.resourceText && isDelivered == other.isDelivered && data == other.data
                && causedByTimer == other.causedByTimer
        }
    }
}
