/// Parameters of creating a workflow.
public struct CreateWorkflowRequest: Sendable, Hashable {
    public var friendlyName: String
    /// The `task_routing` JSON document.
    public var configuration: String
    public var assignmentCallbackUrl: String?
    public var fallbackAssignmentCallbackUrl: String?
    /// 1 to 86,400 seconds; defaults to 120.
    public var taskReservationTimeout: Int?

    public init(friendlyName: String, configuration: String, assignmentCallbackUrl: String? = nil,
                fallbackAssignmentCallbackUrl: String? = nil, taskReservationTimeout: Int? = nil) {
        self.friendlyName = friendlyName
        self.configuration = configuration
        self.assignmentCallbackUrl = assignmentCallbackUrl
        self.fallbackAssignmentCallbackUrl = fallbackAssignmentCallbackUrl
        self.taskReservationTimeout = taskReservationTimeout
    }
}

/// Parameters of updating a workflow; nil leaves a field unchanged.
public struct UpdateWorkflowRequest: Sendable, Hashable {
    public var friendlyName: String?
    public var configuration: String?
    public var assignmentCallbackUrl: String?
    public var fallbackAssignmentCallbackUrl: String?
    public var taskReservationTimeout: Int?
    /// When true, the workflow's waiting tasks are routed again from the
    /// first filter by the new configuration; their age is kept.
    public var reEvaluateTasks: Bool?

    public init(friendlyName: String? = nil, configuration: String? = nil, assignmentCallbackUrl: String? = nil,
                fallbackAssignmentCallbackUrl: String? = nil, taskReservationTimeout: Int? = nil,
                reEvaluateTasks: Bool? = nil) {
        self.friendlyName = friendlyName
        self.configuration = configuration
        self.assignmentCallbackUrl = assignmentCallbackUrl
        self.fallbackAssignmentCallbackUrl = fallbackAssignmentCallbackUrl
        self.taskReservationTimeout = taskReservationTimeout
        self.reEvaluateTasks = reEvaluateTasks
    }
}
