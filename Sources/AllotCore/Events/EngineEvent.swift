/// Fields of an event, by TaskRouter's field groups; unset ones are nil.
///
/// The fields live in one shared, copy-on-write object. An event is copied
/// into the workspace's ring, into the operation's result and on to
/// subscribers. With thirty optional fields stored inline, each copy
/// retained and released every string among them. The event built from the
/// data keeps its other values in the same object, so that each event costs
/// one allocation and one free rather than two.
public struct EventData: Sendable, Hashable {
    /// The stored fields. A setter copies the object first unless this value
    /// is its only owner.
    private var box: EventStorage

    public init() {
        box = EventStorage(fields: Fields())
    }

    /// Creates event data that stores `fields`, as the event ring rebuilds it.
    init(fields: Fields) {
        box = EventStorage(fields: fields)
    }

    /// Creates event data that shares the storage of an event.
    fileprivate init(sharing box: EventStorage) {
        self.box = box
    }

    /// The stored fields, as the event ring keeps them.
    var fields: Fields { box.fields }

    /// Creates event data whose fields `build` sets in place in a new box,
    /// without the uniqueness check that each setter makes.
    init(building build: (inout Fields) -> Void) {
        box = EventStorage(fields: Fields())
        build(&box.fields)
    }

    private mutating func modify(_ body: (inout Fields) -> Void) {
        if !isKnownUniquelyReferenced(&box) { box = EventStorage(fields: box.fields) }
        body(&box.fields)
    }

    /// Makes the storage of an event with `header` and these fields. It takes
    /// over this value's object when nothing else refers to it, as when a
    /// builder's result is passed straight to `emit`, and copies it otherwise.
    fileprivate consuming func eventStorage(header: EventHeader) -> EventStorage {
        if !isKnownUniquelyReferenced(&box) { box = EventStorage(fields: box.fields) }
        box.header = header
        return box
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
    ///
    /// Fields that no event of a routing cycle sets are kept in `rare`, which
    /// is nil unless one of them is set. Copying or destroying the fields of
    /// such an event then checks one tag for all of them, while each string
    /// stored inline costs a call to retain or release it, even when nil.
    struct Fields: Hashable {
        var taskSid: EventSid? = nil
        var taskAttributes: AttributeValue? = nil
        var taskAgeSeconds: Int64? = nil
        var taskPriority: Int? = nil
        var taskAssignmentStatus: TaskStatus? = nil
        var taskCompletedReason: String? = nil
        var taskQueueSid: EventSid? = nil
        var taskQueueName: String? = nil
        var taskChannelSid: EventSid? = nil
        var taskChannelUniqueName: String? = nil
        var workflowSid: EventSid? = nil
        var workflowName: String? = nil
        var workflowFilterName: String? = nil
        var workerSid: EventSid? = nil
        var workerName: String? = nil
        var workerAttributes: AttributeValue? = nil
        var workerVersion: UInt64? = nil
        var workerActivitySid: EventSid? = nil
        var workerActivityName: String? = nil
        var reservationSid: EventSid? = nil
        var knownWorkerSid: EventSid? = nil
        /// The rarely set fields, or nil when all of them are nil, so that
        /// equal fields have one representation. They sit in an immutable
        /// object, because stored inline they made these fields 625 bytes
        /// rather than 408, and the event ring moves the fields of every
        /// event by swapping them.
        private var rare: RareFieldsBox? = nil

        var taskCanceledReason: String? {
            get { rare?.fields.taskCanceledReason }
            set { updateRare { $0.taskCanceledReason = newValue } }
        }

        var taskQueueTargetExpression: String? {
            get { rare?.fields.taskQueueTargetExpression }
            set { updateRare { $0.taskQueueTargetExpression = newValue } }
        }

        var previousTaskQueueSid: EventSid? {
            get { rare?.fields.previousTaskQueueSid }
            set { updateRare { $0.previousTaskQueueSid = newValue } }
        }

        var taskChannelName: String? {
            get { rare?.fields.taskChannelName }
            set { updateRare { $0.taskChannelName = newValue } }
        }

        var taskChannelOptimizedRouting: Bool? {
            get { rare?.fields.taskChannelOptimizedRouting }
            set { updateRare { $0.taskChannelOptimizedRouting = newValue } }
        }

        var workerPreviousActivitySid: EventSid? {
            get { rare?.fields.workerPreviousActivitySid }
            set { updateRare { $0.workerPreviousActivitySid = newValue } }
        }

        var workerTimeInPreviousActivityMilliseconds: Int64? {
            get { rare?.fields.workerTimeInPreviousActivityMilliseconds }
            set { updateRare { $0.workerTimeInPreviousActivityMilliseconds = newValue } }
        }

        var workerChannelCapacity: Int? {
            get { rare?.fields.workerChannelCapacity }
            set { updateRare { $0.workerChannelCapacity = newValue } }
        }

        var workerChannelPreviousCapacity: Int? {
            get { rare?.fields.workerChannelPreviousCapacity }
            set { updateRare { $0.workerChannelPreviousCapacity = newValue } }
        }

        var workerChannelAvailable: Bool? {
            get { rare?.fields.workerChannelAvailable }
            set { updateRare { $0.workerChannelAvailable = newValue } }
        }

        var workerChannelAvailableCapacity: Int? {
            get { rare?.fields.workerChannelAvailableCapacity }
            set { updateRare { $0.workerChannelAvailableCapacity = newValue } }
        }

        var workerChannelTaskCount: Int? {
            get { rare?.fields.workerChannelTaskCount }
            set { updateRare { $0.workerChannelTaskCount = newValue } }
        }

        var activitySid: EventSid? {
            get { rare?.fields.activitySid }
            set { updateRare { $0.activitySid = newValue } }
        }

        var activityName: String? {
            get { rare?.fields.activityName }
            set { updateRare { $0.activityName = newValue } }
        }

        var activityAvailable: Bool? {
            get { rare?.fields.activityAvailable }
            set { updateRare { $0.activityAvailable = newValue } }
        }

        private mutating func updateRare(_ body: (inout RareFields) -> Void) {
            var fields = rare?.fields ?? RareFields()
            body(&fields)
            rare = fields == RareFields() ? nil : RareFieldsBox(fields)
        }
    }

    /// The rarely set fields of an event, shared by the copies of its
    /// fields and never changed, so that sharing is safe across threads.
    final class RareFieldsBox: Sendable, Hashable {
        let fields: RareFields

        init(_ fields: RareFields) {
            self.fields = fields
        }

        static func == (lhs: RareFieldsBox, rhs: RareFieldsBox) -> Bool {
            lhs === rhs || lhs.fields == rhs.fields
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(fields)
        }
    }

    /// Fields that no event of a routing cycle sets. Cancellations, queue and
    /// channel changes, activity changes and worker channel updates set them.
    struct RareFields: Hashable {
        var taskCanceledReason: String? = nil
        var taskQueueTargetExpression: String? = nil
        var previousTaskQueueSid: EventSid? = nil
        var taskChannelName: String? = nil
        var taskChannelOptimizedRouting: Bool? = nil
        var workerPreviousActivitySid: EventSid? = nil
        var workerTimeInPreviousActivityMilliseconds: Int64? = nil
        var workerChannelCapacity: Int? = nil
        var workerChannelPreviousCapacity: Int? = nil
        var workerChannelAvailable: Bool? = nil
        var workerChannelAvailableCapacity: Int? = nil
        var workerChannelTaskCount: Int? = nil
        var activitySid: EventSid? = nil
        var activityName: String? = nil
        var activityAvailable: Bool? = nil
    }
}

/// One transition, as appended to the workspace's event ring.
///
/// Everything but the sequence number lives in one object, which is also
/// the storage of the event's data. Only the ring changes it, when it takes
/// the fields of an event that nothing else refers to. Each copy of an event (into the
/// operation's result, on to subscribers and their queues) retains that one
/// reference rather than every string and box the event holds.
public struct EngineEvent: Sendable, Hashable {
    /// Position in the workspace's causal order, starting at 1.
    public var sequence: UInt64
    /// Changed only by `moveFields(into:)`, on an event that the ring is
    /// about to discard.
    private var storage: EventStorage

    init(sequence: UInt64, sidValue: SidValue, type: EventType, timestamp: Timestamp, accountSid: String,
         workspaceSid: String, resource: EventSid?, resourceText: String?, isDelivered: Bool, data: consuming EventData,
         causedByTimer: Bool = false) {
        self.sequence = sequence
        let header = EventHeader(sidValue: sidValue, type: type, timestamp: timestamp, accountSid: accountSid,
                                 workspaceSid: workspaceSid, resource: resource, resourceText: resourceText,
                                 isDelivered: isDelivered, causedByTimer: causedByTimer)
        storage = data.eventStorage(header: header)
    }

    /// The SID's bits. `sid` formats them when read, so that the eight or so
    /// events of a routing cycle allocate no SID strings unless they are read.
    var sidValue: SidValue { storage.header.sidValue }
    public var sid: String { storage.header.sidValue.formatted(.event) }
    public var type: EventType { storage.header.type }
    public var timestamp: Timestamp { storage.header.timestamp }
    public var accountSid: String { storage.header.accountSid }
    public var workspaceSid: String { storage.header.workspaceSid }
    /// The SID of the resource the event is about, when the engine generated it.
    var resource: EventSid? { storage.header.resource }
    /// The SID of the resource as given, when it is not in the generated
    /// form: a workspace SID that a client chose.
    var resourceText: String? { storage.header.resourceText }
    public var resourceSid: String { storage.header.resource?.text ?? storage.header.resourceText ?? "" }
    /// Whether the workspace's `events_filter` lets the event through to subscribers.
    public var isDelivered: Bool { storage.header.isDelivered }
    public var data: EventData { EventData(sharing: storage) }
    /// The event's fields, read without making an `EventData`.
    var fields: EventData.Fields { storage.fields }

    /// Assigns the event's fields to `target` straight from the storage.
    ///
    /// Plain assignment copied the fields into a temporary and moved that
    /// into `target`. Assigning through pointers copies each value once. The
    /// source pointer is only read from, but the read-only form of
    /// `withUnsafePointer` copied the fields to a temporary as well.
    func copyFields(into target: inout EventData.Fields) {
        withUnsafeMutablePointer(to: &target) { targetPointer in
            withUnsafeMutablePointer(to: &storage.fields) { sourcePointer in
                targetPointer.update(from: sourcePointer, count: 1)
            }
        }
    }

    /// Returns whether no other value refers to the event's storage, as
    /// `moveFields(into:)` requires.
    mutating func isUniquelyReferenced() -> Bool {
        isKnownUniquelyReferenced(&storage)
    }

    /// Swaps the event's fields with those of `target`, without retaining or
    /// releasing any of them. The event then has `target`'s old fields and
    /// must be discarded unread, which frees them with the storage. Only the
    /// sole owner may call it, because the swap changes the shared storage.
    mutating func moveFields(into target: inout EventData.Fields) {
        precondition(isKnownUniquelyReferenced(&storage), "moving the fields of an event that others refer to")
        swap(&target, &storage.fields)
    }

    /// Whether a timer caused the event (a reservation or task timing out, a
    /// step timeout, the minute tick) rather than a call, so that it can be
    /// reported as the system's action.
    public var causedByTimer: Bool { storage.header.causedByTimer }

    public var resourceType: String { type.resourceType }

    /// Returns a copy of the event whose data `change` rewrote, as a listing
    /// that redacts old attributes does.
    func changingData(_ change: (inout EventData) -> Void) -> EngineEvent {
        var data = self.data
        change(&data)
        let header = storage.header
        return EngineEvent(sequence: sequence, sidValue: header.sidValue, type: header.type, timestamp: header.timestamp,
                           accountSid: header.accountSid, workspaceSid: header.workspaceSid, resource: header.resource,
                           resourceText: header.resourceText, isDelivered: header.isDelivered, data: data,
                           causedByTimer: header.causedByTimer)
    }

    public static func == (lhs: EngineEvent, rhs: EngineEvent) -> Bool {
        lhs.sequence == rhs.sequence
            && (lhs.storage === rhs.storage
                || (lhs.storage.header == rhs.storage.header && lhs.storage.fields == rhs.storage.fields))
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(sequence)
        hasher.combine(storage.header.sidValue)
        hasher.combine(storage.header.type)
        hasher.combine(storage.header.timestamp)
        hasher.combine(storage.fields)
    }
}

/// The values of an event other than its sequence number and data fields.
fileprivate struct EventHeader: Equatable {
    var sidValue: SidValue
    var type: EventType
    var timestamp: Timestamp
    var accountSid: String
    var workspaceSid: String
    var resource: EventSid?
    var resourceText: String?
    var isDelivered: Bool
    var causedByTimer: Bool

    /// Placeholder values for data that no event owns yet.
    static let unset = EventHeader(sidValue: .zero, type: .workspaceUpdated, timestamp: Timestamp(unixMilliseconds: 0),
                                   accountSid: "", workspaceSid: "", resource: nil, resourceText: nil,
                                   isDelivered: false, causedByTimer: false)
}

/// One object per event: the fields of its data and, once an `EngineEvent`
/// owns it, the event's header.
///
/// It is safe to send because only a value that owns it alone writes to it.
/// `EventData`'s setters and `EventData.eventStorage(header:)` copy it
/// first otherwise. An event changes its storage only in
/// `EngineEvent.moveFields(into:)`, which checks that it is the sole owner,
/// and data that shares an event's storage copies it before a change.
///
/// Its properties skip the dynamic exclusivity check, which cost about
/// 1,500 instructions per routing cycle under callgrind. The writers hold
/// the only reference and call no code that could reach the object, so no
/// other access can overlap theirs.
fileprivate final class EventStorage: @unchecked Sendable {
    @exclusivity(unchecked) var fields: EventData.Fields
    @exclusivity(unchecked) var header: EventHeader

    init(fields: EventData.Fields) {
        self.fields = fields
        header = .unset
    }
}
