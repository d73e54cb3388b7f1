import AllotCore

/// Everything the engine's fetch and list API shows for one account at one time, so that
/// two engines can be compared resource by resource.
struct EngineView: Equatable {
    struct Workspace: Equatable {
        var info: WorkspaceInfo
        var activities: [ActivityInfo]
        var taskChannels: [TaskChannelInfo]
        var workers: [WorkerInfo]
        var workerChannels: [[WorkerChannelInfo]]
        var workerReservations: [[ReservationInfo]]
        var taskQueues: [TaskQueueInfo]
        var workflows: [WorkflowInfo]
        var tasks: [TaskInfo]
        var taskReservations: [[ReservationInfo]]
        var statistics: WorkspaceRealTimeStatistics
        var cumulative: CumulativeCounters
        var queueStatistics: [TaskQueueRealTimeStatistics]
        var queueCumulative: [CumulativeCounters]
        var workflowStatistics: [TaskRealTimeStatistics]
        var workersStatistics: WorkersRealTimeStatistics
        var workersCumulative: WorkersCumulativeStatistics
        /// The last day's minute buckets of the workspace, its queues, workflows and workers.
        var recentWorkspace: CumulativeStatistics
        var recentQueues: [CumulativeStatistics]
        var recentWorkflows: [CumulativeStatistics]
        var recentWorkers: [CumulativeStatistics]
        /// The same buckets counted for one task channel at a time: for each channel, the
        /// workspace, then its queues, workflows and workers.
        var recentByChannel: [[CumulativeStatistics]]
    }

    var workspaces: [Workspace]
    var nextDeadline: Timestamp?

    static let wholePage = PageRequest(pageSize: 1_000)
    /// Every retained minute, split at a few wait times.
    static let wholeHistory = CumulativeStatisticsRequest(minutes: Limits.maximumStatisticsWindowMinutes,
                                                          splitByWaitTime: [1, 10, 60, 600])
    static let wholeWorkerHistory = CumulativeStatisticsRequest(minutes: Limits.maximumStatisticsWindowMinutes)

    init(_ engine: Engine, account: String = Scenario.account, now: Timestamp) throws {
        let infos = try engine.listWorkspaces(account: account, page: Self.wholePage).items
        workspaces = try infos.map { try Self.workspace($0, engine: engine, account: account, now: now) }
        nextDeadline = engine.nextDeadline
    }

    private static func workspace(_ info: WorkspaceInfo, engine: Engine, account: String,
                                  now: Timestamp) throws -> Workspace {
        let sid = info.sid
        let workers = try engine.listWorkers(workspace: sid, { var request = ListWorkersRequest(); request.page = wholePage; return request }(),
                                             account: account, now: now).items
        var tasksRequest = ListTasksRequest()
        tasksRequest.page = wholePage
        let tasks = try engine.listTasks(workspace: sid, tasksRequest, account: account, now: now).items
        var queuesRequest = ListTaskQueuesRequest()
        queuesRequest.page = wholePage
        let queues = try engine.listTaskQueues(workspace: sid, queuesRequest, account: account, now: now).items
        let workflows = try engine.listWorkflows(workspace: sid, page: wholePage, account: account).items
        let channels = try engine.listTaskChannels(workspace: sid, page: wholePage, account: account).items
        let recentByChannel = try channels.map { channel in
            var history = wholeHistory
            history.taskChannel = channel.sid
            var workerHistory = wholeWorkerHistory
            workerHistory.taskChannel = channel.sid
            return try [engine.workspaceCumulativeStatistics(workspace: sid, history, account: account, now: now)]
                + queues.map { try engine.taskQueueCumulativeStatistics(workspace: sid, sid: $0.sid, history, account: account, now: now) }
                + workflows.map { try engine.workflowCumulativeStatistics(workspace: sid, sid: $0.sid, history, account: account, now: now) }
                + workers.map { try engine.workerCumulativeStatistics(workspace: sid, sid: $0.sid, workerHistory, account: account, now: now) }
        }
        return Workspace(
            info: try engine.fetchWorkspace(sid: sid, account: account),
            activities: try engine.listActivities(workspace: sid, ListActivitiesRequest(page: wholePage), account: account).items,
            taskChannels: channels,
            workers: try workers.map { try engine.fetchWorker(workspace: sid, sid: $0.sid, account: account) },
            workerChannels: try workers.map {
                try engine.listWorkerChannels(workspace: sid, workerSid: $0.sid, page: wholePage, account: account).items
            },
            workerReservations: try workers.map {
                try engine.listWorkerReservations(workspace: sid, workerSid: $0.sid, page: wholePage, account: account).items
            },
            taskQueues: try queues.map { try engine.fetchTaskQueue(workspace: sid, sid: $0.sid, account: account) },
            workflows: try workflows.map { try engine.fetchWorkflow(workspace: sid, sid: $0.sid, account: account) },
            tasks: try tasks.map { try engine.fetchTask(workspace: sid, sid: $0.sid, account: account, now: now) },
            taskReservations: try tasks.map {
                try engine.listTaskReservations(workspace: sid, taskSid: $0.sid, page: wholePage, account: account).items
            },
            statistics: try engine.workspaceStatistics(workspace: sid, account: account, now: now),
            cumulative: try engine.workspaceCumulativeStatistics(workspace: sid, account: account),
            queueStatistics: try queues.map { try engine.taskQueueStatistics(workspace: sid, sid: $0.sid, account: account, now: now) },
            queueCumulative: try queues.map { try engine.taskQueueCumulativeStatistics(workspace: sid, sid: $0.sid, account: account) },
            workflowStatistics: try workflows.map {
                try engine.workflowStatistics(workspace: sid, sid: $0.sid, account: account, now: now)
            },
            workersStatistics: try engine.workersStatistics(workspace: sid, account: account),
            workersCumulative: try engine.workersCumulativeStatistics(workspace: sid, account: account),
            recentWorkspace: try engine.workspaceCumulativeStatistics(workspace: sid, wholeHistory, account: account, now: now),
            recentQueues: try queues.map {
                try engine.taskQueueCumulativeStatistics(workspace: sid, sid: $0.sid, wholeHistory, account: account, now: now)
            },
            recentWorkflows: try workflows.map {
                try engine.workflowCumulativeStatistics(workspace: sid, sid: $0.sid, wholeHistory, account: account, now: now)
            },
            recentWorkers: try workers.map {
                try engine.workerCumulativeStatistics(workspace: sid, sid: $0.sid, wholeWorkerHistory, account: account, now: now)
            },
            recentByChannel: recentByChannel)
    }

    /// Every shard's snapshot records, joined in shard order; equal for engines whose states
    /// match field by field, including handles, tickets and generator states.
    static func records(of engine: Engine) -> [SnapshotImage.Record] {
        var records: [SnapshotImage.Record] = []
        for index in 0..<engine.configuration.shardCount {
            engine.captureShard(index).forEachRecord { records.append($0) }
        }
        return records
    }
}
