import AllotClient
import AllotWire

/// The parameters of one `allot stats` request and the call that fetches it.
struct StatisticsQuery: Sendable {
    var workspaceSID: String
    /// The operands: queue, workflow or worker SIDs.
    var sids: [String]
    var cumulative: Bool
    var window: Wire.StatisticsWindow
    var taskChannel: String
    /// Wait-time thresholds in seconds, for cumulative statistics.
    var splitByWaitTime: [UInt32]

    /// Fetches the statistics that `subject` (workspace, queue, workflow,
    /// workers or worker) names.
    func fetch(_ subject: String, connection: AllotConnection) async throws(AllotError) -> any Sendable {
        let ws = workspaceSID
        let sid = sids.first ?? ""
        switch (subject, cumulative) {
        case ("workspace", false):
            return try await connection.fetchWorkspaceRealTimeStatistics(Wire.FetchWorkspaceRealTimeStatisticsRequest(workspaceSID: ws, taskChannel: taskChannel))
        case ("workspace", true):
            return try await connection.fetchWorkspaceCumulativeStatistics(Wire.FetchWorkspaceCumulativeStatisticsRequest(
                workspaceSID: ws, window: window, taskChannel: taskChannel, splitByWaitTime: splitByWaitTime))
        case ("queue", false) where sids.count > 1:
            return try await connection.listTaskQueuesRealTimeStatistics(Wire.ListTaskQueuesRealTimeStatisticsRequest(workspaceSID: ws, taskQueueSIDs: sids, taskChannel: taskChannel))
        case ("queue", false):
            return try await connection.fetchTaskQueueRealTimeStatistics(Wire.FetchTaskQueueRealTimeStatisticsRequest(workspaceSID: ws, taskQueueSID: sid, taskChannel: taskChannel))
        case ("queue", true):
            return try await connection.fetchTaskQueueCumulativeStatistics(Wire.FetchTaskQueueCumulativeStatisticsRequest(
                workspaceSID: ws, taskQueueSID: sid, window: window, taskChannel: taskChannel, splitByWaitTime: splitByWaitTime))
        case ("workflow", false):
            return try await connection.fetchWorkflowRealTimeStatistics(Wire.FetchWorkflowRealTimeStatisticsRequest(workspaceSID: ws, workflowSID: sid, taskChannel: taskChannel))
        case ("workflow", true):
            return try await connection.fetchWorkflowCumulativeStatistics(Wire.FetchWorkflowCumulativeStatisticsRequest(
                workspaceSID: ws, workflowSID: sid, window: window, taskChannel: taskChannel, splitByWaitTime: splitByWaitTime))
        case ("workers", false):
            return try await connection.fetchWorkersRealTimeStatistics(Wire.FetchWorkersRealTimeStatisticsRequest(workspaceSID: ws, taskChannel: taskChannel))
        case ("workers", true):
            return try await connection.fetchWorkersCumulativeStatistics(Wire.FetchWorkersCumulativeStatisticsRequest(workspaceSID: ws, window: window, taskChannel: taskChannel))
        default:
            return try await connection.fetchWorkerStatistics(Wire.FetchWorkerStatisticsRequest(workspaceSID: ws, workerSID: sid, window: window, taskChannel: taskChannel))
        }
    }
}
