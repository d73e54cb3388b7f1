/// Per-account and per-workspace quotas and value ranges, with TaskRouter's
/// published values as defaults. Each one is enforced with an error naming the limit.
public struct EngineLimits: Sendable, Hashable {
    /// Workspaces per account, as TaskRouter allows per project.
    public var maximumWorkspacesPerAccount = 5_000
    /// Registered workers per workspace. TaskRouter's current limit is 15,000.
    public var maximumWorkers = 15_000
    /// Task queues per workspace, as TaskRouter allows.
    public var maximumTaskQueues = 5_000
    /// Workflows per workspace, as TaskRouter allows.
    public var maximumWorkflows = 1_000
    /// Activities per workspace, as TaskRouter allows.
    public var maximumActivities = 100
    /// Task channels per workspace including `default`, as TaskRouter allows.
    public var maximumTaskChannels = 15
    /// Tasks in any state per workspace, as TaskRouter allows.
    public var maximumTasks = 500_000
    /// Worker and task attributes in UTF-8 bytes, whitespace included.
    public var maximumAttributesBytes = Limits.maximumAttributesBytes
    /// Highest task priority: TaskRouter's 32-bit signed maximum.
    public var maximumTaskPriority = 2_147_483_647
    /// Maximum task time to live before assignment: two weeks.
    public var maximumTaskTimeoutSeconds = 1_209_600
    /// Task time to live when the request gives none: one day.
    public var defaultTaskTimeoutSeconds = 86_400
    /// Maximum reservation timeout of a workflow: one day.
    public var maximumReservationTimeoutSeconds = 86_400
    /// Reservation timeout when the workflow gives none.
    public var defaultReservationTimeoutSeconds = 120
    /// Highest configured capacity of one worker channel.
    public var maximumChannelCapacity = 50
    /// Highest `max_reserved_workers` of a queue.
    public var maximumReservedWorkers = 50
    /// Longest friendly name in characters.
    public var maximumFriendlyNameCharacters = 64
    /// Maximum length of a workflow filter's name (`filter_friendly_name`) in characters.
    /// TaskRouter documents no limit for it, so this estimate sits well above the
    /// descriptive names of real routing documents and only keeps documents bounded.
    public var maximumFilterNameCharacters = 256
    /// Maximum length of a callback URL (`EventCallbackUrl`,
    /// `AssignmentCallbackUrl`, `FallbackAssignmentCallbackUrl`) in UTF-8
    /// bytes. Allot stores these and never calls them, so the limit only
    /// keeps records small. It is an estimate: several times a long webhook URL.
    public var maximumCallbackURLBytes = 2_048
    /// Largest workflow configuration document in UTF-8 bytes (TaskRouter's "1 MB").
    public var maximumWorkflowConfigurationBytes = 1_038_576
    /// Reservation batches (pending to reserved transitions) after which a
    /// task is canceled, as TaskRouter does after 1,000.
    public var maximumAssignmentCount = 1_000
    /// Time an assigned or wrapping task may live before the system deletes it.
    public var assignedTaskLifetimeSeconds = 86_400
    /// Time a canceled or completed task stays readable before it is removed.
    /// TaskRouter documents about five minutes.
    public var finishedTaskRetentionSeconds = 300
    /// Events kept per workspace for readers that resume by sequence number.
    /// At a few hundred bytes per event this is a few megabytes per workspace.
    public var eventRingCapacity = 10_000
    /// Largest page of a list operation, as TaskRouter allows.
    public var maximumPageSize = 1_000
    /// Page size when the request gives none.
    public var defaultPageSize = 50
    /// Largest number of routing steps (filter targets plus the default
    /// filter) a workflow may have, which bounds routing work per task.
    public var maximumWorkflowSteps = 5_000
    /// Largest number of event types in a workspace's `EventsFilter`.
    public var maximumEventsFilterTypes = 100
    /// Maximum length of the `EventsFilter` text in UTF-8 bytes, checked before it is
    /// split. A hundred types of up to 34 characters, each with a comma and
    /// a space, take 3,600 bytes.
    public var maximumEventsFilterBytes = 4_096
    /// Largest number of statuses in a task list's `AssignmentStatus` filter.
    /// Six statuses exist, so this leaves room for repeats while bounding the
    /// parse, which runs under the shard lock.
    public var maximumAssignmentStatusFilters = 100

    public init() {}
}

/// Settings of an `Engine`.
public struct EngineConfiguration: Sendable, Hashable {
    /// Number of shards, each with its own lock. The server usually passes
    /// four times the number of cores; the engine cannot count them itself.
    public var shardCount = 16
    /// Quotas and value ranges.
    public var limits = EngineLimits()
    /// Whether a worker that rejected a task may be offered the same task
    /// again. TaskRouter's documentation is silent; it re-offers in practice.
    public var reofferRejectedTasks = true

    public init(shardCount: Int = 16, limits: EngineLimits = EngineLimits(), reofferRejectedTasks: Bool = true) {
        self.shardCount = shardCount
        self.limits = limits
        self.reofferRejectedTasks = reofferRejectedTasks
    }
}
