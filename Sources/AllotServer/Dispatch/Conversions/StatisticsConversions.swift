import AllotCore
import AllotWire

extension Wire.TasksByStatus {
    init(_ counts: TasksByStatus) {
        self.init(pending: UInt64(nonNegative: counts.pending), reserved: UInt64(nonNegative: counts.reserved),
                  assigned: UInt64(nonNegative: counts.assigned), wrapping: UInt64(nonNegative: counts.wrapping))
    }
}

extension Wire.ActivityStatistic {
    init(_ statistic: ActivityStatistic) {
        self.init(sid: statistic.sid, friendlyName: statistic.friendlyName, workers: UInt64(nonNegative: statistic.workers))
    }
}

extension Wire.PriorityCount {
    /// Returns one entry per priority, highest priority first.
    static func list(_ tasksByPriority: [Int: Int]) -> [Wire.PriorityCount] {
        tasksByPriority.sorted { $0.key > $1.key }
            .map { Wire.PriorityCount(priority: Int64($0.key), tasks: UInt64(nonNegative: $0.value)) }
    }
}

extension Wire.DurationSummary {
    /// Converts a summary in milliseconds into the protocol's whole seconds.
    /// The mean is rounded down like the minimum, maximum and total, because
    /// a fractional mean beside whole-second bounds could exceed the maximum
    /// (a mean of 7.3 s with a maximum shown as 7 s).
    init(_ summary: DurationSummary) {
        self.init(avg: Double(summary.averageSeconds), min: UInt64(nonNegative: summary.minimumSeconds),
                  max: UInt64(nonNegative: summary.maximumSeconds), total: UInt64(nonNegative: summary.totalSeconds))
    }
}

extension Wire.ReservationCounts {
    init(_ counters: CumulativeCounters) {
        self.init(reservationsCreated: UInt64(nonNegative: counters.reservationsCreated),
                  reservationsAccepted: UInt64(nonNegative: counters.reservationsAccepted),
                  reservationsRejected: UInt64(nonNegative: counters.reservationsRejected),
                  reservationsTimedOut: UInt64(nonNegative: counters.reservationsTimedOut),
                  reservationsCanceled: UInt64(nonNegative: counters.reservationsCanceled),
                  reservationsRescinded: UInt64(nonNegative: counters.reservationsRescinded))
    }
}

extension Wire.ActivityDuration {
    /// Returns one entry per activity in `activities` order, zero for an
    /// activity without periods as TaskRouter lists every activity, then one
    /// per deleted activity that has durations, by SID, with an empty name.
    static func list(_ durations: [String: DurationSummary], activities: [ActivityInfo]) -> [Wire.ActivityDuration] {
        var result: [Wire.ActivityDuration] = []
        for activity in activities {
            let summary = durations[activity.sid] ?? DurationSummary()
            result.append(Wire.ActivityDuration(sid: activity.sid, friendlyName: activity.friendlyName, duration: Wire.DurationSummary(summary)))
        }
        let named = Set(activities.map(\.sid))
        for (sid, summary) in durations.sorted(by: { $0.key < $1.key }) where !named.contains(sid) {
            result.append(Wire.ActivityDuration(sid: sid, friendlyName: "", duration: Wire.DurationSummary(summary)))
        }
        return result
    }
}

// MARK: Real-time

extension Wire.WorkspaceRealTimeStatistics {
    init(_ statistics: WorkspaceRealTimeStatistics, workspaceSID: String) {
        self.init(workspaceSID: workspaceSID,
                  activityStatistics: statistics.activityStatistics.map(Wire.ActivityStatistic.init),
                  longestTaskWaitingAge: UInt64(nonNegative: statistics.tasks.longestTaskWaitingAgeSeconds),
                  longestTaskWaitingSID: statistics.tasks.longestTaskWaitingSid.orEmpty,
                  tasksByPriority: Wire.PriorityCount.list(statistics.tasks.tasksByPriority),
                  tasksByStatus: Wire.TasksByStatus(statistics.tasks.tasksByStatus),
                  totalTasks: UInt64(nonNegative: statistics.tasks.totalTasks),
                  totalWorkers: UInt64(nonNegative: statistics.totalWorkers))
    }
}

extension Wire.TaskQueueRealTimeStatistics {
    init(_ statistics: TaskQueueRealTimeStatistics) {
        self.init(taskQueueSID: statistics.taskQueueSid,
                  activityStatistics: statistics.activityStatistics.map(Wire.ActivityStatistic.init),
                  longestTaskWaitingAge: UInt64(nonNegative: statistics.tasks.longestTaskWaitingAgeSeconds),
                  longestTaskWaitingSID: statistics.tasks.longestTaskWaitingSid.orEmpty,
                  longestRelativeTaskAgeInQueue: UInt64(nonNegative: statistics.longestRelativeTaskAgeInQueueSeconds),
                  longestRelativeTaskSIDInQueue: statistics.longestRelativeTaskSidInQueue.orEmpty,
                  tasksByPriority: Wire.PriorityCount.list(statistics.tasks.tasksByPriority),
                  tasksByStatus: Wire.TasksByStatus(statistics.tasks.tasksByStatus),
                  totalAvailableWorkers: UInt64(nonNegative: statistics.totalAvailableWorkers),
                  totalEligibleWorkers: UInt64(nonNegative: statistics.totalEligibleWorkers),
                  totalTasks: UInt64(nonNegative: statistics.tasks.totalTasks))
    }
}

extension Wire.WorkflowRealTimeStatistics {
    init(_ statistics: TaskRealTimeStatistics, workflowSID: String) {
        self.init(workflowSID: workflowSID,
                  longestTaskWaitingAge: UInt64(nonNegative: statistics.longestTaskWaitingAgeSeconds),
                  longestTaskWaitingSID: statistics.longestTaskWaitingSid.orEmpty,
                  tasksByPriority: Wire.PriorityCount.list(statistics.tasksByPriority),
                  tasksByStatus: Wire.TasksByStatus(statistics.tasksByStatus),
                  totalTasks: UInt64(nonNegative: statistics.totalTasks))
    }
}

extension Wire.WorkersRealTimeStatistics {
    init(_ statistics: WorkersRealTimeStatistics, workspaceSID: String) {
        self.init(workspaceSID: workspaceSID,
                  activityStatistics: statistics.activityStatistics.map(Wire.ActivityStatistic.init),
                  totalWorkers: UInt64(nonNegative: statistics.totalWorkers))
    }
}

// MARK: Cumulative

extension Wire.WaitTimeSplit {
    /// Returns one entry per threshold of the engine's splits, in request order.
    static func list(_ splits: [WaitTimeSplit]) -> [Wire.WaitTimeSplit] {
        splits.map { split in
            Wire.WaitTimeSplit(threshold: UInt32(clamping: split.thresholdSeconds),
                               above: Wire.WaitTimeCounts(split.above), below: Wire.WaitTimeCounts(split.below))
        }
    }
}

extension Wire.WaitTimeCounts {
    init(_ counts: WaitTimeCounts) {
        self.init(tasksCanceled: UInt64(nonNegative: counts.tasksCanceled),
                  reservationsAccepted: UInt64(nonNegative: counts.reservationsAccepted))
    }
}

extension Wire.WorkspaceCumulativeStatistics {
    init(_ statistics: CumulativeStatistics, workspaceSID: String) {
        let counters = statistics.counters
        self.init(workspaceSID: workspaceSID,
                  startTimeUnixMilliseconds: statistics.startTime.unixMilliseconds,
                  endTimeUnixMilliseconds: statistics.endTime.unixMilliseconds,
                  avgTaskAcceptanceTime: Wire.DurationSummary(counters.waitUntilAccepted).avg,
                  reservations: Wire.ReservationCounts(counters),
                  splitByWaitTime: Wire.WaitTimeSplit.list(statistics.splitByWaitTime),
                  waitDurationUntilAccepted: Wire.DurationSummary(counters.waitUntilAccepted),
                  waitDurationUntilCanceled: Wire.DurationSummary(counters.waitUntilCanceled),
                  tasksCanceled: UInt64(nonNegative: counters.tasksCanceled),
                  tasksCompleted: UInt64(nonNegative: counters.tasksCompleted),
                  tasksCreated: UInt64(nonNegative: counters.tasksEntered),
                  tasksDeleted: UInt64(nonNegative: counters.tasksDeleted),
                  tasksMoved: UInt64(nonNegative: counters.tasksMoved),
                  tasksTimedOutInWorkflow: UInt64(nonNegative: counters.tasksTimedOutInWorkflow))
    }
}

extension Wire.TaskQueueCumulativeStatistics {
    init(_ statistics: CumulativeStatistics, taskQueueSID: String) {
        let counters = statistics.counters
        self.init(taskQueueSID: taskQueueSID,
                  startTimeUnixMilliseconds: statistics.startTime.unixMilliseconds,
                  endTimeUnixMilliseconds: statistics.endTime.unixMilliseconds,
                  avgTaskAcceptanceTime: Wire.DurationSummary(counters.waitUntilAccepted).avg,
                  reservations: Wire.ReservationCounts(counters),
                  splitByWaitTime: Wire.WaitTimeSplit.list(statistics.splitByWaitTime),
                  waitDurationUntilAccepted: Wire.DurationSummary(counters.waitUntilAccepted),
                  waitDurationUntilCanceled: Wire.DurationSummary(counters.waitUntilCanceled),
                  waitDurationInQueueUntilAccepted: Wire.DurationSummary(counters.waitInQueueUntilAccepted),
                  tasksCanceled: UInt64(nonNegative: counters.tasksCanceled),
                  tasksCompleted: UInt64(nonNegative: counters.tasksCompleted),
                  tasksEntered: UInt64(nonNegative: counters.tasksEntered),
                  tasksDeleted: UInt64(nonNegative: counters.tasksDeleted),
                  tasksMoved: UInt64(nonNegative: counters.tasksMoved))
    }
}

extension Wire.WorkflowCumulativeStatistics {
    init(_ statistics: CumulativeStatistics, workflowSID: String) {
        let counters = statistics.counters
        self.init(workflowSID: workflowSID,
                  startTimeUnixMilliseconds: statistics.startTime.unixMilliseconds,
                  endTimeUnixMilliseconds: statistics.endTime.unixMilliseconds,
                  avgTaskAcceptanceTime: Wire.DurationSummary(counters.waitUntilAccepted).avg,
                  reservations: Wire.ReservationCounts(counters),
                  splitByWaitTime: Wire.WaitTimeSplit.list(statistics.splitByWaitTime),
                  waitDurationUntilAccepted: Wire.DurationSummary(counters.waitUntilAccepted),
                  waitDurationUntilCanceled: Wire.DurationSummary(counters.waitUntilCanceled),
                  tasksCanceled: UInt64(nonNegative: counters.tasksCanceled),
                  tasksCompleted: UInt64(nonNegative: counters.tasksCompleted),
                  tasksEntered: UInt64(nonNegative: counters.tasksEntered),
                  tasksDeleted: UInt64(nonNegative: counters.tasksDeleted),
                  tasksMoved: UInt64(nonNegative: counters.tasksMoved),
                  tasksTimedOutInWorkflow: UInt64(nonNegative: counters.tasksTimedOutInWorkflow))
    }
}

extension Wire.WorkersCumulativeStatistics {
    init(_ statistics: CumulativeStatistics, activities: [ActivityInfo], workspaceSID: String) {
        self.init(workspaceSID: workspaceSID,
                  startTimeUnixMilliseconds: statistics.startTime.unixMilliseconds,
                  endTimeUnixMilliseconds: statistics.endTime.unixMilliseconds,
                  activityDurations: Wire.ActivityDuration.list(statistics.activityDurations, activities: activities),
                  reservations: Wire.ReservationCounts(statistics.counters))
    }
}

extension Wire.WorkerStatistics {
    init(_ statistics: CumulativeStatistics, activities: [ActivityInfo], workerSID: String) {
        self.init(workerSID: workerSID,
                  startTimeUnixMilliseconds: statistics.startTime.unixMilliseconds,
                  endTimeUnixMilliseconds: statistics.endTime.unixMilliseconds,
                  activityDurations: Wire.ActivityDuration.list(statistics.activityDurations, activities: activities),
                  reservations: Wire.ReservationCounts(statistics.counters))
    }
}
