/// Counters accumulated since the engine started, for one scope: the
/// workspace, a queue, a workflow or a worker.
///
/// TaskRouter reports these over a look-back window; the engine keeps totals
/// since start, and a caller that wants a window subtracts two readings.
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
