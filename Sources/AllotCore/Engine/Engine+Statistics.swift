extension Engine {
    /// With `taskChannel` (a TC SID or unique name), the task figures count only that
    /// channel's tasks, from a scan of the workspace's tasks.
    public func workspaceStatistics(workspace: String, account: String, taskChannel: String? = nil,
                                    now: Timestamp) throws(EngineError) -> WorkspaceRealTimeStatistics {
        try read(workspace, account: account) { state throws(EngineError) in
            state.workspaceStatistics(now: now, channel: try state.statisticsChannel(taskChannel))
        }
    }

    /// Counters since the workspace was created, for the whole workspace.
    public func workspaceCumulativeStatistics(workspace: String, account: String) throws(EngineError) -> CumulativeCounters {
        try read(workspace, account: account) { state in state.counters }
    }

    /// With `taskChannel`, the task figures count only that channel's tasks, as in
    /// ``workspaceStatistics(workspace:account:taskChannel:now:)``.
    public func taskQueueStatistics(workspace: String, sid: String, account: String, taskChannel: String? = nil,
                                    now: Timestamp) throws(EngineError) -> TaskQueueRealTimeStatistics {
        try read(workspace, account: account) { state throws(EngineError) in
            let channel = try state.statisticsChannel(taskChannel)
            return state.queueStatistics(try state.queueHandle(sid, field: "TaskQueueSid"), now: now, channel: channel)
        }
    }

    public func taskQueueCumulativeStatistics(workspace: String, sid: String,
                                              account: String) throws(EngineError) -> CumulativeCounters {
        try read(workspace, account: account) { state throws(EngineError) in
            state.queues[try state.queueHandle(sid, field: "TaskQueueSid")].counters
        }
    }

    /// With `taskChannel`, the figures count only that channel's tasks, as in
    /// ``workspaceStatistics(workspace:account:taskChannel:now:)``.
    public func workflowStatistics(workspace: String, sid: String, account: String, taskChannel: String? = nil,
                                   now: Timestamp) throws(EngineError) -> TaskRealTimeStatistics {
        try read(workspace, account: account) { state throws(EngineError) in
            let channel = try state.statisticsChannel(taskChannel)
            return state.workflowStatistics(try state.workflowHandle(sid, field: "WorkflowSid"), now: now, channel: channel)
        }
    }

    public func workflowCumulativeStatistics(workspace: String, sid: String,
                                             account: String) throws(EngineError) -> CumulativeCounters {
        try read(workspace, account: account) { state throws(EngineError) in
            state.workflows[try state.workflowHandle(sid, field: "WorkflowSid")].counters
        }
    }

    /// Returns the workers by activity. A `taskChannel` (a TC SID or unique name) must
    /// name a channel of the workspace, and the figures still count every worker,
    /// as the worker figures of ``workspaceStatistics(workspace:account:taskChannel:now:)`` do.
    public func workersStatistics(workspace: String, account: String,
                                  taskChannel: String? = nil) throws(EngineError) -> WorkersRealTimeStatistics {
        try read(workspace, account: account) { state throws(EngineError) in
            _ = try state.statisticsChannel(taskChannel)
            return WorkersRealTimeStatistics(activityStatistics: state.activityStatistics(state.workerCountsByActivity),
                                      totalWorkers: state.workers.count)
        }
    }

    public func workersCumulativeStatistics(workspace: String,
                                            account: String) throws(EngineError) -> WorkersCumulativeStatistics {
        try read(workspace, account: account) { state in
            var durations: [String: DurationSummary] = [:]
            for (activity, summary) in state.activityDurations where state.activities.contains(activity) {
                durations[state.activities[activity].sid] = summary
            }
            return WorkersCumulativeStatistics(cumulative: state.counters, activityDurations: durations)
        }
    }

    /// Returns the workspace's cumulative statistics over the window of `request`.
    ///
    /// - Throws: `EngineError.invalidArgument` for a bad window or threshold
    ///   (see `CumulativeStatisticsRequest`), `EngineError.notFound` for an
    ///   unknown `taskChannel`, or the workspace's lookup errors.
    public func workspaceCumulativeStatistics(workspace: String, _ request: CumulativeStatisticsRequest, account: String,
                                              now: Timestamp) throws(EngineError) -> CumulativeStatistics {
        let window = try request.window(now: now)
        return try read(workspace, account: account) { state throws(EngineError) in
            state.windowedStatistics(state.recentStatistics, window: window, thresholds: request.splitByWaitTime,
                                     channel: try state.statisticsChannel(request.taskChannel))
        }
    }

    /// Returns a task queue's cumulative statistics over the window of `request`.
    public func taskQueueCumulativeStatistics(workspace: String, sid: String, _ request: CumulativeStatisticsRequest,
                                              account: String, now: Timestamp) throws(EngineError) -> CumulativeStatistics {
        let window = try request.window(now: now)
        return try read(workspace, account: account) { state throws(EngineError) in
            let queue = try state.queueHandle(sid, field: "TaskQueueSid")
            return state.windowedStatistics(state.queues[queue].recentStatistics, window: window,
                                            thresholds: request.splitByWaitTime, channel: try state.statisticsChannel(request.taskChannel))
        }
    }

    /// Returns a workflow's cumulative statistics over the window of `request`.
    public func workflowCumulativeStatistics(workspace: String, sid: String, _ request: CumulativeStatisticsRequest,
                                             account: String, now: Timestamp) throws(EngineError) -> CumulativeStatistics {
        let window = try request.window(now: now)
        return try read(workspace, account: account) { state throws(EngineError) in
            let workflow = try state.workflowHandle(sid, field: "WorkflowSid")
            return state.windowedStatistics(state.workflows[workflow].recentStatistics, window: window,
                                            thresholds: request.splitByWaitTime, channel: try state.statisticsChannel(request.taskChannel))
        }
    }

    /// Returns the reservation counters and activity periods of all the workspace's
    /// workers over the window of `request`. Workers have no wait-time
    /// split, so `splitByWaitTime` must be empty.
    public func workersCumulativeStatistics(workspace: String, _ request: CumulativeStatisticsRequest, account: String,
                                            now: Timestamp) throws(EngineError) -> CumulativeStatistics {
        let window = try Self.workerWindow(request, now: now)
        return try read(workspace, account: account) { state throws(EngineError) in
            state.windowedStatistics(state.recentStatistics, window: window, thresholds: [],
                                     channel: try state.statisticsChannel(request.taskChannel))
        }
    }

    /// One worker's reservation counters and activity periods over the
    /// window of `request`; `splitByWaitTime` must be empty.
    public func workerCumulativeStatistics(workspace: String, sid: String, _ request: CumulativeStatisticsRequest,
                                           account: String, now: Timestamp) throws(EngineError) -> CumulativeStatistics {
        let window = try Self.workerWindow(request, now: now)
        return try read(workspace, account: account) { state throws(EngineError) in
            let worker = try state.workerHandle(sid, field: "WorkerSid")
            return state.windowedStatistics(state.workers[worker].recentStatistics, window: window, thresholds: [],
                                            channel: try state.statisticsChannel(request.taskChannel))
        }
    }

    private static func workerWindow(_ request: CumulativeStatisticsRequest, now: Timestamp) throws(EngineError) -> StatisticsWindow {
        if !request.splitByWaitTime.isEmpty {
            throw .invalidArgument(field: "SplitByWaitTime",
                                   message: "SplitByWaitTime applies to workspace, task queue and workflow statistics, not to workers; leave it empty")
        }
        return try request.window(now: now)
    }

    /// Real-time statistics of up to `maximumBulkQueueStatistics` queues in one call.
    public func taskQueuesStatistics(workspace: String, sids: [String], account: String, taskChannel: String? = nil,
                                     now: Timestamp) throws(EngineError) -> [TaskQueueRealTimeStatistics] {
        if sids.count > Self.maximumBulkQueueStatistics {
            throw .invalidArgument(field: "QueueSids",
                                   message: "\(sids.count) queues requested; pass at most \(Self.maximumBulkQueueStatistics)")
        }
        return try read(workspace, account: account) { state throws(EngineError) in
            let channel = try state.statisticsChannel(taskChannel)
            var result: [TaskQueueRealTimeStatistics] = []
            for sid in sids {
                result.append(state.queueStatistics(try state.queueHandle(sid, field: "QueueSids"), now: now, channel: channel))
            }
            return result
        }
    }

    /// Most queues one bulk statistics request may name, as TaskRouter allows.
    public static let maximumBulkQueueStatistics = 50

    public func workerStatistics(workspace: String, sid: String, account: String) throws(EngineError) -> WorkerStatistics {
        try read(workspace, account: account) { state throws(EngineError) in
            state.workerStatistics(try state.workerHandle(sid, field: "WorkerSid"))
        }
    }

    /// Returns up to `limit` events after sequence number `sequence`, oldest
    /// first; with `deliveredOnly`, only those the workspace's
    /// `events_filter` lets through. Throws `outOfRange` when the ring no
    /// longer contains the events right after `sequence`.
    public func events(workspace: String, after sequence: UInt64, limit: Int = 1_000, deliveredOnly: Bool = true,
                       account: String) throws(EngineError) -> [EngineEvent] {
        try InputValidation.integer(limit, in: 1...configuration.limits.eventRingCapacity, field: "Limit")
        return try read(workspace, account: account) { state throws(EngineError) in
            try state.events.events(after: sequence, limit: limit, deliveredOnly: deliveredOnly)
        }
    }

    /// Lists the events the workspace's ring still holds, by the filters of `request`.
    public func listEvents(workspace: String, _ request: ListEventsRequest = ListEventsRequest(), account: String,
                           now: Timestamp) throws(EngineError) -> Page<EngineEvent> {
        try read(workspace, account: account) { state throws(EngineError) in try state.listEvents(request, now: now) }
    }
}
