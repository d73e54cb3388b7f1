import AllotCore
import AllotWire

extension EngineHandler {
    func respondToRealTimeStatisticsCall(_ request: Wire.ClientFrame.Request, _ context: CallContext,
                                         now: Timestamp) throws(EngineError) -> Wire.ServerFrame.Response {
        let account = context.account.sid
        switch request {
        case .fetchWorkspaceRealTimeStatistics(let wire):
            try Self.rejectChannelFilter(wire.taskChannel)
            let statistics = try engine.workspaceStatistics(workspace: wire.workspaceSID, account: account, now: now)
            return .workspaceRealTimeStatistics(Wire.WorkspaceRealTimeStatistics(statistics, workspaceSID: wire.workspaceSID))
        case .fetchTaskQueueRealTimeStatistics(let wire):
            try Self.rejectChannelFilter(wire.taskChannel)
            let statistics = try engine.taskQueueStatistics(workspace: wire.workspaceSID, sid: wire.taskQueueSID, account: account, now: now)
            return .taskQueueRealTimeStatistics(Wire.TaskQueueRealTimeStatistics(statistics))
        case .listTaskQueuesRealTimeStatistics(let wire):
            try Self.rejectChannelFilter(wire.taskChannel)
            if wire.taskQueueSIDs.isEmpty {
                throw .invalidArgument(field: "task_queue_sids",
                                       message: "task_queue_sids is empty; name 1 to \(Engine.maximumBulkQueueStatistics) task queues")
            }
            let list = try engine.taskQueuesStatistics(workspace: wire.workspaceSID, sids: wire.taskQueueSIDs, account: account, now: now)
            return .taskQueueRealTimeStatisticsList(Wire.TaskQueueRealTimeStatisticsList(taskQueueData: list.map(Wire.TaskQueueRealTimeStatistics.init)))
        case .fetchWorkflowRealTimeStatistics(let wire):
            try Self.rejectChannelFilter(wire.taskChannel)
            let statistics = try engine.workflowStatistics(workspace: wire.workspaceSID, sid: wire.workflowSID, account: account, now: now)
            return .workflowRealTimeStatistics(Wire.WorkflowRealTimeStatistics(statistics, workflowSID: wire.workflowSID))
        case .fetchWorkersRealTimeStatistics(let wire):
            try Self.rejectChannelFilter(wire.taskChannel)
            let statistics = try engine.workersStatistics(workspace: wire.workspaceSID, account: account)
            return .workersRealTimeStatistics(Wire.WorkersRealTimeStatistics(statistics, workspaceSID: wire.workspaceSID))
        default:
            misrouted(request)
        }
    }

    func respondToCumulativeStatisticsCall(_ request: Wire.ClientFrame.Request, _ context: CallContext,
                                           now: Timestamp) throws(EngineError) -> Wire.ServerFrame.Response {
        let account = context.account.sid
        switch request {
        case .fetchWorkspaceCumulativeStatistics(let wire):
            let span = try cumulativeSpan(wire.workspaceSID, wire.window, wire.taskChannel, wire.splitByWaitTime, account: account, now: now)
            let counters = try engine.workspaceCumulativeStatistics(workspace: wire.workspaceSID, account: account)
            return .workspaceCumulativeStatistics(Wire.WorkspaceCumulativeStatistics(counters, workspaceSID: wire.workspaceSID, span: span))
        case .fetchTaskQueueCumulativeStatistics(let wire):
            let span = try cumulativeSpan(wire.workspaceSID, wire.window, wire.taskChannel, wire.splitByWaitTime, account: account, now: now)
            let counters = try engine.taskQueueCumulativeStatistics(workspace: wire.workspaceSID, sid: wire.taskQueueSID, account: account)
            return .taskQueueCumulativeStatistics(Wire.TaskQueueCumulativeStatistics(counters, taskQueueSID: wire.taskQueueSID, span: span))
        case .fetchWorkflowCumulativeStatistics(let wire):
            let span = try cumulativeSpan(wire.workspaceSID, wire.window, wire.taskChannel, wire.splitByWaitTime, account: account, now: now)
            let counters = try engine.workflowCumulativeStatistics(workspace: wire.workspaceSID, sid: wire.workflowSID, account: account)
            return .workflowCumulativeStatistics(Wire.WorkflowCumulativeStatistics(counters, workflowSID: wire.workflowSID, span: span))
        case .fetchWorkersCumulativeStatistics(let wire):
            let span = try cumulativeSpan(wire.workspaceSID, wire.window, wire.taskChannel, [], account: account, now: now)
            let statistics = try engine.workersCumulativeStatistics(workspace: wire.workspaceSID, account: account)
            let activities = try allActivities(wire.workspaceSID, account: account)
            return .workersCumulativeStatistics(Wire.WorkersCumulativeStatistics(statistics, activities: activities,
                                                                                 workspaceSID: wire.workspaceSID, span: span))
        case .fetchWorkerStatistics(let wire):
            let span = try cumulativeSpan(wire.workspaceSID, wire.window, wire.taskChannel, [], account: account, now: now)
            let statistics = try engine.workerStatistics(workspace: wire.workspaceSID, sid: wire.workerSID, account: account)
            let activities = try allActivities(wire.workspaceSID, account: account)
            return .workerStatistics(Wire.WorkerStatistics(statistics, activities: activities, span: span))
        default:
            misrouted(request)
        }
    }

    /// Look-back limit of a statistics window: 30 days, as far back as
    /// TaskRouter accepts a StartDate.
    static let maximumStatisticsLookBackMinutes: Int64 = 43_200

    /// Checks the options of a cumulative statistics request and returns
    /// the span its figures cover.
    private func cumulativeSpan(_ workspace: String, _ window: Wire.StatisticsWindow?, _ taskChannel: String, _ splitByWaitTime: [UInt32],
                                account: String, now: Timestamp) throws(EngineError) -> StatisticsSpan {
        try Self.rejectChannelFilter(taskChannel)
        if !splitByWaitTime.isEmpty {
            throw .invalidArgument(field: "split_by_wait_time",
                                   message: "split_by_wait_time is not supported by this server yet; leave it empty")
        }
        if let window { try Self.validate(window, now: now) }
        let created = try engine.fetchWorkspace(sid: workspace, account: account).dateCreated
        // TODO: keep periodic readings of the counters so that a window is the
        // difference of two of them. Until then the figures cover the life of
        // the workspace, which start_time reports, whatever window is asked for.
        return StatisticsSpan(start: created, end: now)
    }

    private static func validate(_ window: Wire.StatisticsWindow, now: Timestamp) throws(EngineError) {
        if Int64(window.minutes) > maximumStatisticsLookBackMinutes {
            throw .invalidArgument(field: "window.minutes",
                                   message: "window.minutes \(window.minutes) is over \(maximumStatisticsLookBackMinutes) (30 days); pass a shorter look-back")
        }
        let earliest = now.adding(milliseconds: -maximumStatisticsLookBackMinutes * 60_000)
        if window.startDateUnixMilliseconds != 0 && window.startDateUnixMilliseconds < earliest.unixMilliseconds {
            throw .invalidArgument(field: "window.start_date_unix_milliseconds",
                                   message: "window.start_date_unix_milliseconds \(window.startDateUnixMilliseconds) is more than 30 days ago; pass \(earliest.unixMilliseconds) or later")
        }
        if window.startDateUnixMilliseconds != 0 && window.endDateUnixMilliseconds != 0
            && window.endDateUnixMilliseconds < window.startDateUnixMilliseconds {
            throw .invalidArgument(field: "window.end_date_unix_milliseconds",
                                   message: "window.end_date_unix_milliseconds \(window.endDateUnixMilliseconds) is before the start date; pass a later end")
        }
    }

    private static func rejectChannelFilter(_ taskChannel: String) throws(EngineError) {
        if !taskChannel.isEmpty {
            throw .invalidArgument(field: "task_channel",
                                   message: "task_channel \(taskChannel.quotedForMessage): statistics by task channel are not supported by this server yet; leave task_channel empty")
        }
    }

    /// Lists every activity of a workspace, to name the activities in duration statistics.
    private func allActivities(_ workspace: String, account: String) throws(EngineError) -> [ActivityInfo] {
        let limits = engine.configuration.limits
        let page = PageRequest(pageSize: min(limits.maximumPageSize, limits.maximumActivities))
        return try engine.listActivities(workspace: workspace, ListActivitiesRequest(page: page), account: account).items
    }
}
