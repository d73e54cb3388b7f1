import AllotCore
import AllotWire

extension EngineHandler {
    func respondToRealTimeStatisticsCall(_ request: Wire.ClientFrame.Request, _ context: CallContext,
                                         now: Timestamp) throws(EngineError) -> Wire.ServerFrame.Response {
        let account = context.account.sid
        switch request {
        case .fetchWorkspaceRealTimeStatistics(let wire):
            let statistics = try engine.workspaceStatistics(workspace: wire.workspaceSID, account: account,
                                                            taskChannel: Self.channelFilter(wire.taskChannel), now: now)
            return .workspaceRealTimeStatistics(Wire.WorkspaceRealTimeStatistics(statistics, workspaceSID: wire.workspaceSID))
        case .fetchTaskQueueRealTimeStatistics(let wire):
            let statistics = try engine.taskQueueStatistics(workspace: wire.workspaceSID, sid: wire.taskQueueSID, account: account,
                                                            taskChannel: Self.channelFilter(wire.taskChannel), now: now)
            return .taskQueueRealTimeStatistics(Wire.TaskQueueRealTimeStatistics(statistics))
        case .listTaskQueuesRealTimeStatistics(let wire):
            if wire.taskQueueSIDs.isEmpty {
                throw .invalidArgument(field: "task_queue_sids",
                                       message: "task_queue_sids is empty; name 1 to \(Engine.maximumBulkQueueStatistics) task queues")
            }
            let list = try engine.taskQueuesStatistics(workspace: wire.workspaceSID, sids: wire.taskQueueSIDs, account: account,
                                                       taskChannel: Self.channelFilter(wire.taskChannel), now: now)
            return .taskQueueRealTimeStatisticsList(Wire.TaskQueueRealTimeStatisticsList(taskQueueData: list.map(Wire.TaskQueueRealTimeStatistics.init)))
        case .fetchWorkflowRealTimeStatistics(let wire):
            let statistics = try engine.workflowStatistics(workspace: wire.workspaceSID, sid: wire.workflowSID, account: account,
                                                           taskChannel: Self.channelFilter(wire.taskChannel), now: now)
            return .workflowRealTimeStatistics(Wire.WorkflowRealTimeStatistics(statistics, workflowSID: wire.workflowSID))
        case .fetchWorkersRealTimeStatistics(let wire):
            let statistics = try engine.workersStatistics(workspace: wire.workspaceSID, account: account,
                                                          taskChannel: Self.channelFilter(wire.taskChannel))
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
            let query = Self.cumulativeRequest(wire.window, splitByWaitTime: wire.splitByWaitTime, taskChannel: wire.taskChannel)
            let statistics = try engine.workspaceCumulativeStatistics(workspace: wire.workspaceSID, query, account: account, now: now)
            return .workspaceCumulativeStatistics(Wire.WorkspaceCumulativeStatistics(statistics, workspaceSID: wire.workspaceSID))
        case .fetchTaskQueueCumulativeStatistics(let wire):
            let query = Self.cumulativeRequest(wire.window, splitByWaitTime: wire.splitByWaitTime, taskChannel: wire.taskChannel)
            let statistics = try engine.taskQueueCumulativeStatistics(workspace: wire.workspaceSID, sid: wire.taskQueueSID, query,
                                                                      account: account, now: now)
            return .taskQueueCumulativeStatistics(Wire.TaskQueueCumulativeStatistics(statistics, taskQueueSID: wire.taskQueueSID))
        case .fetchWorkflowCumulativeStatistics(let wire):
            let query = Self.cumulativeRequest(wire.window, splitByWaitTime: wire.splitByWaitTime, taskChannel: wire.taskChannel)
            let statistics = try engine.workflowCumulativeStatistics(workspace: wire.workspaceSID, sid: wire.workflowSID, query,
                                                                     account: account, now: now)
            return .workflowCumulativeStatistics(Wire.WorkflowCumulativeStatistics(statistics, workflowSID: wire.workflowSID))
        case .fetchWorkersCumulativeStatistics(let wire):
            let query = Self.cumulativeRequest(wire.window, splitByWaitTime: [], taskChannel: wire.taskChannel)
            let statistics = try engine.workersCumulativeStatistics(workspace: wire.workspaceSID, query, account: account, now: now)
            let activities = try allActivities(wire.workspaceSID, account: account)
            return .workersCumulativeStatistics(Wire.WorkersCumulativeStatistics(statistics, activities: activities,
                                                                                 workspaceSID: wire.workspaceSID))
        case .fetchWorkerStatistics(let wire):
            let query = Self.cumulativeRequest(wire.window, splitByWaitTime: [], taskChannel: wire.taskChannel)
            let statistics = try engine.workerCumulativeStatistics(workspace: wire.workspaceSID, sid: wire.workerSID, query,
                                                                   account: account, now: now)
            let activities = try allActivities(wire.workspaceSID, account: account)
            return .workerStatistics(Wire.WorkerStatistics(statistics, activities: activities, workerSID: wire.workerSID))
        default:
            misrouted(request)
        }
    }

    /// Maps a protocol window onto the engine's request, which checks it.
    /// Zero fields are unset, and `minutes` is ignored when a start date is
    /// given, as the protocol documents.
    static func cumulativeRequest(_ window: Wire.StatisticsWindow?, splitByWaitTime: [UInt32],
                                  taskChannel: String) -> CumulativeStatisticsRequest {
        var request = CumulativeStatisticsRequest(splitByWaitTime: splitByWaitTime.map(Int.init),
                                                  taskChannel: channelFilter(taskChannel))
        guard let window else { return request }
        if window.startDateUnixMilliseconds != 0 {
            request.startDate = Timestamp(unixMilliseconds: window.startDateUnixMilliseconds)
        } else if window.minutes != 0 {
            request.minutes = Int(window.minutes)
        }
        if window.endDateUnixMilliseconds != 0 {
            request.endDate = Timestamp(unixMilliseconds: window.endDateUnixMilliseconds)
        }
        return request
    }

    /// Returns the channel filter of a statistics request, nil when it is empty.
    private static func channelFilter(_ taskChannel: String) -> String? {
        taskChannel.isEmpty ? nil : taskChannel
    }

    /// Lists every activity of a workspace, to name the activities in duration statistics.
    private func allActivities(_ workspace: String, account: String) throws(EngineError) -> [ActivityInfo] {
        let limits = engine.configuration.limits
        let page = PageRequest(pageSize: min(limits.maximumPageSize, limits.maximumActivities))
        return try engine.listActivities(workspace: workspace, ListActivitiesRequest(page: page), account: account).items
    }
}
