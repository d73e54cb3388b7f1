/// Workers in one activity.
public struct ActivityStatistic: Sendable, Hashable {
    public var sid: String
    public var friendlyName: String
    public var workers: Int
}

/// Live tasks by status.
public struct TasksByStatus: Sendable, Hashable {
    public var pending: Int
    public var reserved: Int
    public var assigned: Int
    public var wrapping: Int
}

/// Real-time task figures shared by the workspace, queue and workflow scopes.
/// "Waiting" means pending or reserved.
public struct TaskRealTimeStatistics: Sendable, Hashable {
    public var tasksByStatus: TasksByStatus
    /// Live tasks by priority.
    public var tasksByPriority: [Int: Int]
    public var totalTasks: Int
    public var longestTaskWaitingSid: String?
    public var longestTaskWaitingAgeSeconds: Int64
}

/// `/RealTimeStatistics` of a workspace.
public struct WorkspaceRealTimeStatistics: Sendable, Hashable {
    public var tasks: TaskRealTimeStatistics
    public var activityStatistics: [ActivityStatistic]
    public var totalWorkers: Int
}

/// `/RealTimeStatistics` of a task queue.
public struct TaskQueueRealTimeStatistics: Sendable, Hashable {
    public var taskQueueSid: String
    public var tasks: TaskRealTimeStatistics
    /// The task waiting longest, measured from entering this queue.
    public var longestRelativeTaskSidInQueue: String?
    public var longestRelativeTaskAgeInQueueSeconds: Int64
    /// Queue members by activity.
    public var activityStatistics: [ActivityStatistic]
    /// Members regardless of activity.
    public var totalEligibleWorkers: Int
    /// Members in an available activity, whether or not they have capacity.
    public var totalAvailableWorkers: Int
}

/// `/RealTimeStatistics` of the workers of a workspace.
public struct WorkersRealTimeStatistics: Sendable, Hashable {
    public var activityStatistics: [ActivityStatistic]
    public var totalWorkers: Int
}

/// Statistics of one worker: its counters and time per activity.
public struct WorkerStatistics: Sendable, Hashable {
    public var workerSid: String
    public var cumulative: CumulativeCounters
    /// Closed periods per activity SID; the current period is not included.
    public var activityDurations: [String: DurationSummary]
}

/// Cumulative statistics of all the workers of a workspace.
public struct WorkersCumulativeStatistics: Sendable, Hashable {
    /// Reservation counters of the workspace.
    public var cumulative: CumulativeCounters
    /// Closed periods of every worker per activity SID.
    public var activityDurations: [String: DurationSummary]
}
