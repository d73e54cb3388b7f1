/// Parameters of creating a task queue.
public struct CreateTaskQueueRequest: Sendable, Hashable {
    public var friendlyName: String
    /// Expression over worker attributes. Nil means `1==1` (every worker);
    /// the empty string means no worker.
    public var targetWorkers: String?
    public var reservationActivitySid: String?
    public var assignmentActivitySid: String?
    /// 1 to 50; defaults to 1.
    public var maxReservedWorkers: Int?
    /// `FIFO` (default) or `LIFO`.
    public var taskOrder: String?

    public init(friendlyName: String, targetWorkers: String? = nil, reservationActivitySid: String? = nil,
                assignmentActivitySid: String? = nil, maxReservedWorkers: Int? = nil, taskOrder: String? = nil) {
        self.friendlyName = friendlyName
        self.targetWorkers = targetWorkers
        self.reservationActivitySid = reservationActivitySid
        self.assignmentActivitySid = assignmentActivitySid
        self.maxReservedWorkers = maxReservedWorkers
        self.taskOrder = taskOrder
    }
}

/// Parameters of updating a task queue; nil leaves a field unchanged.
public struct UpdateTaskQueueRequest: Sendable, Hashable {
    public var friendlyName: String?
    public var targetWorkers: String?
    /// The empty string clears the activity.
    public var reservationActivitySid: String?
    /// The empty string clears the activity.
    public var assignmentActivitySid: String?
    public var maxReservedWorkers: Int?
    public var taskOrder: String?

    public init(friendlyName: String? = nil, targetWorkers: String? = nil, reservationActivitySid: String? = nil,
                assignmentActivitySid: String? = nil, maxReservedWorkers: Int? = nil, taskOrder: String? = nil) {
        self.friendlyName = friendlyName
        self.targetWorkers = targetWorkers
        self.reservationActivitySid = reservationActivitySid
        self.assignmentActivitySid = assignmentActivitySid
        self.maxReservedWorkers = maxReservedWorkers
        self.taskOrder = taskOrder
    }
}

/// Filters of listing task queues.
public struct ListTaskQueuesRequest: Sendable, Hashable {
    public var friendlyName: String?
    /// A JSON object of worker attributes: lists the queues whose
    /// `target_workers` they satisfy.
    public var evaluateWorkerAttributes: String?
    /// Lists the queues this worker belongs to.
    public var workerSid: String?
    /// `DateCreated` or `DateUpdated`, with `:asc` (default) or `:desc`.
    public var ordering: String?
    public var page = PageRequest()

    public init() {}
}
