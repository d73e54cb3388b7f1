extension WorkspaceState {
    func taskStatistics(_ tally: TaskTally, now: Timestamp) -> TaskRealTimeStatistics {
        let oldest = tally.waitingByAge.min
        return TaskRealTimeStatistics(
            tasksByStatus: TasksByStatus(pending: tally.pendingCount, reserved: tally.reservedCount,
                                         assigned: tally.assignedCount, wrapping: tally.wrappingCount),
            tasksByPriority: tally.countsByPriority, totalTasks: tally.totalCount,
            longestTaskWaitingSid: oldest.map { tasks[$0.id].sid },
            longestTaskWaitingAgeSeconds: oldest.map { Swift.max(0, now.seconds(since: $0.key.since)) } ?? 0)
    }

    /// Workers per activity, every activity listed (zero included), in creation order.
    func activityStatistics(_ counts: [ActivityHandle: Int]) -> [ActivityStatistic] {
        activities.handles.sorted { activities[$0].sequence < activities[$1].sequence }.map { handle in
            ActivityStatistic(sid: activities[handle].sid, friendlyName: activities[handle].friendlyName,
                              workers: counts[handle] ?? 0)
        }
    }

    /// - Complexity: O(activities + priorities).
    func workspaceStatistics(now: Timestamp) -> WorkspaceRealTimeStatistics {
        WorkspaceRealTimeStatistics(tasks: taskStatistics(tally, now: now),
                                    activityStatistics: activityStatistics(workerCountsByActivity),
                                    totalWorkers: workers.count)
    }

    /// - Complexity: O(activities + priorities).
    func queueStatistics(_ handle: QueueHandle, now: Timestamp) -> TaskQueueRealTimeStatistics {
        let queue = queues[handle]
        let relative = queue.tally.waitingByQueueEntry.min
        let available = queue.memberCountsByActivity.filter { activities[$0.key].available }.values.reduce(0, +)
        return TaskQueueRealTimeStatistics(
            taskQueueSid: queue.sid, tasks: taskStatistics(queue.tally, now: now),
            longestRelativeTaskSidInQueue: relative.map { tasks[$0.id].sid },
            longestRelativeTaskAgeInQueueSeconds: relative.map { Swift.max(0, now.seconds(since: $0.key.since)) } ?? 0,
            activityStatistics: activityStatistics(queue.memberCountsByActivity),
            totalEligibleWorkers: queue.members.count, totalAvailableWorkers: available)
    }

    func workerStatistics(_ handle: WorkerHandle) -> WorkerStatistics {
        let worker = workers[handle]
        var durations: [String: DurationSummary] = [:]
        for (activity, summary) in worker.activityDurations where activities.contains(activity) {
            durations[activities[activity].sid] = summary
        }
        return WorkerStatistics(workerSid: worker.sid, cumulative: worker.counters, activityDurations: durations)
    }
}
