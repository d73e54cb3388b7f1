/// Counters of one scope (the workspace, a queue, a workflow or a worker):
/// totals since the scope was created, or the sum over a window of minute
/// buckets (`CumulativeStatistics`).
public struct CumulativeCounters: Sendable, Hashable {
    public internal(set) var reservationsCreated = 0
    public internal(set) var reservationsAccepted = 0
    public internal(set) var reservationsRejected = 0
    public internal(set) var reservationsTimedOut = 0
    public internal(set) var reservationsCanceled = 0
    public internal(set) var reservationsRescinded = 0
    /// Tasks created (workspace) or entered (queue, workflow).
    public internal(set) var tasksEntered = 0
    public internal(set) var tasksCanceled = 0
    public internal(set) var tasksCompleted = 0
    public internal(set) var tasksDeleted = 0
    /// Tasks that moved to another queue on a step timeout or a skip.
    public internal(set) var tasksMoved = 0
    /// Tasks canceled because they ran past the last step (`workflow.timeout`).
    public internal(set) var tasksTimedOutInWorkflow = 0
    /// From task creation to acceptance; its average is `avg_task_acceptance_time`.
    public internal(set) var waitUntilAccepted = DurationSummary()
    /// From task creation to cancellation.
    public internal(set) var waitUntilCanceled = DurationSummary()
    /// Queue only: from entering the queue to acceptance.
    public internal(set) var waitInQueueUntilAccepted = DurationSummary()

    public init() {}
}

extension CumulativeCounters {
    /// Adds every counter and duration of `other`, as summing the buckets of
    /// a window does.
    mutating func add(_ other: CumulativeCounters) {
        reservationsCreated += other.reservationsCreated
        reservationsAccepted += other.reservationsAccepted
        reservationsRejected += other.reservationsRejected
        reservationsTimedOut += other.reservationsTimedOut
        reservationsCanceled += other.reservationsCanceled
        reservationsRescinded += other.reservationsRescinded
        tasksEntered += other.tasksEntered
        tasksCanceled += other.tasksCanceled
        tasksCompleted += other.tasksCompleted
        tasksDeleted += other.tasksDeleted
        tasksMoved += other.tasksMoved
        tasksTimedOutInWorkflow += other.tasksTimedOutInWorkflow
        waitUntilAccepted.merge(other.waitUntilAccepted)
        waitUntilCanceled.merge(other.waitUntilCanceled)
        waitInQueueUntilAccepted.merge(other.waitInQueueUntilAccepted)
    }
}
