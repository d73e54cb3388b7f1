extension WorkspaceState {
    func taskStatistics(_ tally: TaskTally, now: Timestamp) -> TaskRealTimeStatistics {
        let oldest = tally.waitingByAge.min
        return TaskRealTimeStatistics(
            tasksByStatus: TasksByStatus(pending: tally.pendingCount, reserved: tally.reservedCount,
                                         assigned: tally.assignedCount, wrapping: tally.wrappingCount),
            tasksByPriority: tally.countsByPriority.dictionary, totalTasks: tally.totalCount,
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

    /// Counts the live tasks on `channel` that `includes` selects into a new tally, for
    /// statistics filtered by task channel. The kept tallies count every channel together.
    ///
    /// - Complexity: O(t log t) for the t tasks of the workspace, finished ones included.
    // NOTE: the scan runs under the shard lock. At the limit of 500,000 tasks it takes in the
    // order of tens of milliseconds (an estimate), where the figures without a channel cost O(1).
    func channelTally(_ channel: ChannelHandle, tracksQueueEntry: Bool, includes: (TaskHandle) -> Bool) -> TaskTally {
        var channelTally = TaskTally(tracksQueueEntry: tracksQueueEntry)
        var positions = TallyPositions()
        for handle in tasks.handles where tasks[handle].channel == channel && includes(handle) {
            channelTally.apply(tasks[handle].tallyEntry, sign: 1, handle: handle, positions: &positions)
        }
        return channelTally
    }

    /// Returns the workspace's real-time figures. With `channel`, the task figures count only
    /// that channel's tasks, and the worker figures still count every worker.
    ///
    /// - Complexity: O(activities + priorities), plus the scan of ``channelTally(_:tracksQueueEntry:includes:)``
    ///   with a channel.
    func workspaceStatistics(now: Timestamp, channel: ChannelHandle? = nil) -> WorkspaceRealTimeStatistics {
        let counted = channel.map { channelTally($0, tracksQueueEntry: false) { _ in true } } ?? tally
        return WorkspaceRealTimeStatistics(tasks: taskStatistics(counted, now: now),
                                           activityStatistics: activityStatistics(workerCountsByActivity),
                                           totalWorkers: workers.count)
    }

    /// Returns a queue's real-time figures. With `channel`, the task figures count only that
    /// channel's tasks, and the member figures still count every member.
    ///
    /// - Complexity: O(activities + priorities), plus the scan of ``channelTally(_:tracksQueueEntry:includes:)``
    ///   with a channel.
    func queueStatistics(_ handle: QueueHandle, now: Timestamp, channel: ChannelHandle? = nil) -> TaskQueueRealTimeStatistics {
        let queue = queues[handle]
        let counted = channel.map { channelTally($0, tracksQueueEntry: true) { tasks[$0].queue == handle } } ?? queue.tally
        let relative = counted.waitingByQueueEntry.min
        let available = queue.memberCountsByActivity.filter { activities[$0.key].available }.values.reduce(0, +)
        return TaskQueueRealTimeStatistics(
            taskQueueSid: queue.sid, tasks: taskStatistics(counted, now: now),
            longestRelativeTaskSidInQueue: relative.map { tasks[$0.id].sid },
            longestRelativeTaskAgeInQueueSeconds: relative.map { Swift.max(0, now.seconds(since: $0.key.since)) } ?? 0,
            activityStatistics: activityStatistics(queue.memberCountsByActivity),
            totalEligibleWorkers: queue.members.count, totalAvailableWorkers: available)
    }

    /// Returns a workflow's real-time figures. With `channel`, they count only that channel's tasks.
    ///
    /// - Complexity: O(priorities), plus the scan of ``channelTally(_:tracksQueueEntry:includes:)`` with a channel.
    func workflowStatistics(_ handle: WorkflowHandle, now: Timestamp, channel: ChannelHandle? = nil) -> TaskRealTimeStatistics {
        let counted = channel.map { channelTally($0, tracksQueueEntry: false) { tasks[$0].workflow == handle } }
            ?? workflows[handle].tally
        return taskStatistics(counted, now: now)
    }

    func workerStatistics(_ handle: WorkerHandle) -> WorkerStatistics {
        let worker = workers[handle]
        var durations: [String: DurationSummary] = [:]
        for (activity, summary) in worker.activityDurations where activities.contains(activity) {
            durations[activities[activity].sid] = summary
        }
        return WorkerStatistics(workerSid: worker.sid, cumulative: worker.counters, activityDurations: durations)
    }

    /// Resolves the `TaskChannel` filter of a statistics request: nil for none, else the
    /// channel with that SID or unique name.
    func statisticsChannel(_ sidOrUniqueName: String?) throws(EngineError) -> ChannelHandle? {
        guard let sidOrUniqueName else { return nil }
        return try channelHandle(sidOrUniqueName, field: "TaskChannel")
    }
}
