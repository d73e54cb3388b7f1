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
}

/// A task and its routing state.
struct TaskRecord: TableRecord {
    let sidValue: SidValue
    let sequence: Int64
    let createdAt: Timestamp
    var updatedAt: Timestamp
    var version: UInt64 = 1
    var attributes: AttributeValue
    /// Effective priority: the API's value until a routing step sets one.
    var priority: Int
    /// Time to live before assignment, in seconds.
    var timeoutSeconds: Int
    var channel: ChannelHandle
    var workflow: WorkflowHandle?
    var virtualStartTime: Timestamp
    var routingTarget: RoutingTarget?
    var ignoreCapacity: Bool
    var status: TaskStatus = .pending
    var reason: String?
    var placement: TaskPlacement = .none
    /// Origin of the cumulative step deadlines of the current filter.
    var filterEnteredAt: Timestamp
    var queue: QueueHandle?
    var queueEnteredAt: Timestamp
    /// Every reservation of this task, in creation order.
    var reservations: [ReservationHandle] = []
    /// Reservations still pending.
    var pendingReservationCount = 0
    /// Pending-to-reserved transitions so far; a batch of reservations counts once.
    var assignmentCount = 0
    /// SIDs of workers that rejected this task, kept only when re-offers are disabled.
    var rejectedBy: Set<String> = []
    var acceptedReservation: ReservationHandle?
    var assignedAt: Timestamp?
    /// Whether the task sits in a queue's pending heap (or a worker's direct list).
    var isMatchable = false

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
    public var sid: String
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
}
