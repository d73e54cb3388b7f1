/// Fields of an event, by TaskRouter's field groups; unset ones are nil.
public struct EventData: Sendable, Hashable {
    public var taskSid: String?
    public var taskAttributes: AttributeValue?
    public var taskAgeSeconds: Int64?
    public var taskPriority: Int?
    public var taskAssignmentStatus: TaskStatus?
    public var taskCanceledReason: String?
    public var taskCompletedReason: String?
    public var taskQueueSid: String?
    public var taskQueueName: String?
    public var taskQueueTargetExpression: String?
    /// For `task-queue.moved`: the queue the task left.
    public var previousTaskQueueSid: String?
    public var taskChannelSid: String?
    public var taskChannelUniqueName: String?
    public var workflowSid: String?
    public var workflowName: String?
    /// Filter name for `workflow.target-matched`.
    public var workflowFilterName: String?
    public var workerSid: String?
    public var workerName: String?
    public var workerActivitySid: String?
    public var workerActivityName: String?
    public var workerPreviousActivitySid: String?
    public var workerTimeInPreviousActivityMilliseconds: Int64?
    public var workerChannelCapacity: Int?
    public var workerChannelPreviousCapacity: Int?
    public var workerChannelAvailable: Bool?
    public var reservationSid: String?
    public var activitySid: String?
    public var activityName: String?
    public var activityAvailable: Bool?
    public var knownWorkerSid: String?

    public init() {}
}

/// One transition, as appended to the workspace's event ring.
public struct EngineEvent: Sendable, Hashable {
    /// Position in the workspace's causal order, starting at 1.
    public var sequence: UInt64
    public var sid: String
    public var type: EventType
    public var timestamp: Timestamp
    public var accountSid: String
    public var workspaceSid: String
    public var resourceSid: String
    /// Whether the workspace's `events_filter` lets the event through to subscribers.
    public var isDelivered: Bool
    public var data: EventData

    public var resourceType: String { type.resourceType }
}
