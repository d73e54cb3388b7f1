/// Parameters of creating a task.
public struct CreateTaskRequest: Sendable, Hashable {
    /// A JSON object; defaults to `{}`.
    public var attributes: String?
    /// 0 to 2,147,483,647; defaults to 0. A routing step's priority wins.
    public var priority: Int?
    /// Time to live before assignment in seconds, 1 to 1,209,600; defaults to 86,400.
    public var timeout: Int?
    /// Channel SID or unique name; defaults to `default`.
    public var taskChannel: String?
    /// Optional only when the workspace has exactly one workflow, or with a
    /// worker or queue `routingTarget`.
    public var workflowSid: String?
    /// Ordering timestamp; not in the future and not before 1900. Defaults to creation.
    public var virtualStartTime: Timestamp?
    /// A WK, WQ or WW SID to route to directly.
    public var routingTarget: String?
    /// The parameter that carried `routingTarget`, named in errors about it.
    /// The protocol's `task_queue_sid` arrives as a routing target with
    /// `TaskQueueSid` here, and then only a task queue SID is accepted.
    public var routingTargetField = "RoutingTarget"
    /// Boolean-ish; only meaningful with a worker routing target, where it
    /// defaults to true.
    public var ignoreCapacity: String?

    public init(attributes: String? = nil, priority: Int? = nil, timeout: Int? = nil, taskChannel: String? = nil,
                workflowSid: String? = nil) {
        self.attributes = attributes
        self.priority = priority
        self.timeout = timeout
        self.taskChannel = taskChannel
        self.workflowSid = workflowSid
    }
}

/// Parameters of updating a task; nil leaves a field unchanged.
public struct UpdateTaskRequest: Sendable, Hashable {
    /// New attributes; a pending task is routed again through its workflow.
    public var attributes: String?
    /// `canceled`, `wrapping` or `completed`. Cannot be combined with `attributes`.
    public var assignmentStatus: String?
    public var reason: String?
    public var priority: Int?
    public var taskChannel: String?
    public var virtualStartTime: Timestamp?
    /// `If-Match`: the version the caller last saw.
    public var expectedVersion: UInt64?

    public init(attributes: String? = nil, assignmentStatus: String? = nil, reason: String? = nil,
                priority: Int? = nil, expectedVersion: UInt64? = nil) {
        self.attributes = attributes
        self.assignmentStatus = assignmentStatus
        self.reason = reason
        self.priority = priority
        self.expectedVersion = expectedVersion
    }
}

/// Filters of listing tasks.
public struct ListTasksRequest: Sendable, Hashable {
    public var priority: Int?
    /// Any of these statuses; empty means all.
    public var assignmentStatuses: [String] = []
    public var workflowSid: String?
    public var workflowName: String?
    public var taskQueueSid: String?
    public var taskQueueName: String?
    /// An expression over task attributes.
    public var evaluateTaskAttributes: String?
    public var routingTarget: String?
    /// Tasks with add-ons; the engine stores none, so true lists nothing.
    public var hasAddons: Bool?
    /// Comma-separated `Attribute:direction` pairs with attributes
    /// `DateCreated`, `Priority` or `VirtualStartTime` and directions `asc`
    /// or `desc`; `DateCreated` and `VirtualStartTime` cannot be combined.
    /// Defaults to `DateCreated:asc`.
    public var ordering: String?
    public var page = PageRequest()

    public init() {}
}
