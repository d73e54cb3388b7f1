/// A task's position in its routing.
enum TaskPlacement: Sendable {
    /// Not routed: finished, or between steps during an operation.
    case none
    /// At step `stepIndex` of filter `filterIndex` of `workflow`, or of the
    /// default filter when `filterIndex` is nil.
    case step(workflow: CompiledWorkflow, filterIndex: Int?, stepIndex: Int)
    /// Placed straight in a queue by `RoutingTarget`.
    case queue(QueueHandle)
    /// Offered only to one worker by `RoutingTarget`.
    case worker(WorkerHandle)

    /// The routing step the task is at, when it is at one.
    var step: RoutingStep? {
        guard case .step(let workflow, let filterIndex, let stepIndex) = self else { return nil }
        if let filterIndex { return workflow.filters[filterIndex].steps[stepIndex] }
        return workflow.defaultStep
    }

    /// The known-worker reference of the step the task is at, which event
    /// builders read on every reservation event.
    var stepKnownWorker: KnownWorkerReference? {
        guard case .step(let workflow, let filterIndex, let stepIndex) = self else { return nil }
        if let filterIndex { return workflow.filters[filterIndex].steps[stepIndex].knownWorker }
        return workflow.defaultStep?.knownWorker
    }
}

/// A task and its routing state.
///
/// Swift lays out fields in declaration order. The 8-byte fields come
/// first, and the one-byte and 4-byte fields follow the 17-byte attributes
/// and routing target to fill their padding, because a million pending
/// tasks keep a million records.
struct TaskRecord: TableRecord {
    let sidValue: SidValue
    let sequence: Int64
    let createdAt: Timestamp
    var updatedAt: Timestamp
    var version: UInt64
    /// Effective priority: the API's value until a routing step sets one.
    var priority: Int
    /// Time to live before assignment, in seconds.
    var timeoutSeconds: Int
    var virtualStartTime: Timestamp
    /// Origin of the cumulative step deadlines of the current filter.
    var filterEnteredAt: Timestamp
    var queueEnteredAt: Timestamp
    /// Every reservation of this task, in creation order.
    var reservations: [ReservationHandle]
    /// SIDs of workers that rejected this task, kept only when re-offers are disabled.
    var rejectedBy: Set<String>
    /// Reservations still pending, at most the queue's reserved-worker limit.
    var pendingReservationCount: Int32
    /// Pending-to-reserved transitions so far, at most the assignment-attempt
    /// limit; a batch of reservations counts once.
    var assignmentCount: Int32
    var reason: String?
    var placement: TaskPlacement
    var attributes: AttributeValue
    var status: TaskStatus
    var ignoreCapacity: Bool
    /// Whether the task sits in a queue's pending heap (or a worker's direct list).
    var isMatchable: Bool
    var channel: ChannelHandle
    var routingTarget: RoutingTarget?
    /// Whether the attributes changed while the task was reserved, so that it
    /// is routed again from the first filter if it waits again. It follows the
    /// 17-byte routing target to fill its padding.
    var reroutesWhenWaiting: Bool
    /// Whether a timeout or a skip moved the task past the filter it entered
    /// the workflow in. A change of the time then no longer routes it again.
    var leftEntryFilter: Bool
    var workflow: WorkflowHandle?
    var queue: QueueHandle?
    var acceptedReservation: ReservationHandle?
    var assignedAt: Timestamp?

    init(sidValue: SidValue, sequence: Int64, createdAt: Timestamp, updatedAt: Timestamp, version: UInt64 = 1,
         attributes: AttributeValue, priority: Int, timeoutSeconds: Int, channel: ChannelHandle,
         workflow: WorkflowHandle? = nil, virtualStartTime: Timestamp, routingTarget: RoutingTarget? = nil,
         ignoreCapacity: Bool, status: TaskStatus = .pending, reason: String? = nil, placement: TaskPlacement = .none,
         filterEnteredAt: Timestamp, queue: QueueHandle? = nil, queueEnteredAt: Timestamp,
         reservations: [ReservationHandle] = [], pendingReservationCount: Int32 = 0, assignmentCount: Int32 = 0,
         rejectedBy: Set<String> = [], acceptedReservation: ReservationHandle? = nil, assignedAt: Timestamp? = nil,
         isMatchable: Bool = false, reroutesWhenWaiting: Bool = false, leftEntryFilter: Bool = false) {
        self.sidValue = sidValue
        self.sequence = sequence
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
        self.priority = priority
        self.timeoutSeconds = timeoutSeconds
        self.virtualStartTime = virtualStartTime
        self.filterEnteredAt = filterEnteredAt
        self.queueEnteredAt = queueEnteredAt
        self.reservations = reservations
        self.rejectedBy = rejectedBy
        self.pendingReservationCount = pendingReservationCount
        self.assignmentCount = assignmentCount
        self.reason = reason
        self.placement = placement
        self.attributes = attributes
        self.status = status
        self.ignoreCapacity = ignoreCapacity
        self.isMatchable = isMatchable
        self.reroutesWhenWaiting = reroutesWhenWaiting
        self.leftEntryFilter = leftEntryFilter
        self.channel = channel
        self.routingTarget = routingTarget
        self.workflow = workflow
        self.queue = queue
        self.acceptedReservation = acceptedReservation
        self.assignedAt = assignedAt
    }

    var tallyEntry: TallyEntry {
        TallyEntry(status: status, priority: priority, createdAt: createdAt,
                   queueEnteredAt: queueEnteredAt, sequence: sequence)
    }

    func age(at now: Timestamp) -> Int64 {
        Swift.max(0, now.seconds(since: createdAt))
    }
}

/// A task as the API returns it.
public struct TaskInfo: Sendable, Hashable {
    /// The storage of `sid`, which keeps the generated SID as bits.
    var sidStorage: InfoSid
    public var workspaceSid: String
    public var accountSid: String
    public var attributes: AttributeValue
    public var assignmentStatus: TaskStatus
    public var priority: Int
    public var ageSeconds: Int64
    public var timeoutSeconds: Int
    public var reason: String?
    public var taskQueueSid: String?
    public var taskQueueFriendlyName: String?
    public var taskQueueEnteredDate: Timestamp?
    public var taskChannelSid: String
    public var taskChannelUniqueName: String
    public var workflowSid: String?
    public var workflowFriendlyName: String?
    public var virtualStartTime: Timestamp
    public var routingTarget: String?
    public var ignoreCapacity: Bool
    public var dateCreated: Timestamp
    public var dateUpdated: Timestamp
    /// The `If-Match` value.
    public var version: UInt64

    /// The task's SID. The engine keeps it as bits and formats it on every
    /// read, so read it once.
    public var sid: String {
        get { sidStorage.text }
        set { sidStorage = InfoSid(text: newValue) }
    }
}
