import AllotWire

/// Requests for statistics and events.
extension RequestGenerator {
    mutating func statisticsRequest(_ name: String) -> Wire.ClientFrame.Request? {
        let workspace = workspaceSid()
        let channel = values.chance(0.9) ? "" : values.text()
        switch name {
        case "fetch_workspace_real_time_statistics":
            return .fetchWorkspaceRealTimeStatistics(Wire.FetchWorkspaceRealTimeStatisticsRequest(workspaceSID: workspace, taskChannel: channel))
        case "fetch_workspace_cumulative_statistics":
            return .fetchWorkspaceCumulativeStatistics(Wire.FetchWorkspaceCumulativeStatisticsRequest(
                workspaceSID: workspace, window: window(), taskChannel: channel, splitByWaitTime: thresholds()))
        case "fetch_task_queue_real_time_statistics":
            return .fetchTaskQueueRealTimeStatistics(Wire.FetchTaskQueueRealTimeStatisticsRequest(
                workspaceSID: workspace, taskQueueSID: sid(.taskQueue, in: workspace), taskChannel: channel))
        case "list_task_queues_real_time_statistics":
            let count = values.pick([0, 1, 2, 5, 50, 51])
            return .listTaskQueuesRealTimeStatistics(Wire.ListTaskQueuesRealTimeStatisticsRequest(
                workspaceSID: workspace, taskQueueSIDs: (0..<count).map { _ in sid(.taskQueue, in: workspace) }, taskChannel: channel))
        case "fetch_task_queue_cumulative_statistics":
            return .fetchTaskQueueCumulativeStatistics(Wire.FetchTaskQueueCumulativeStatisticsRequest(
                workspaceSID: workspace, taskQueueSID: sid(.taskQueue, in: workspace), window: window(), taskChannel: channel,
                splitByWaitTime: thresholds()))
        case "fetch_workflow_real_time_statistics":
            return .fetchWorkflowRealTimeStatistics(Wire.FetchWorkflowRealTimeStatisticsRequest(
                workspaceSID: workspace, workflowSID: sid(.workflow, in: workspace), taskChannel: channel))
        case "fetch_workflow_cumulative_statistics":
            return .fetchWorkflowCumulativeStatistics(Wire.FetchWorkflowCumulativeStatisticsRequest(
                workspaceSID: workspace, workflowSID: sid(.workflow, in: workspace), window: window(), taskChannel: channel,
                splitByWaitTime: thresholds()))
        case "fetch_workers_real_time_statistics":
            return .fetchWorkersRealTimeStatistics(Wire.FetchWorkersRealTimeStatisticsRequest(workspaceSID: workspace, taskChannel: channel))
        case "fetch_workers_cumulative_statistics":
            return .fetchWorkersCumulativeStatistics(Wire.FetchWorkersCumulativeStatisticsRequest(
                workspaceSID: workspace, window: window(), taskChannel: channel))
        case "fetch_worker_statistics":
            return .fetchWorkerStatistics(Wire.FetchWorkerStatisticsRequest(
                workspaceSID: workspace, workerSID: sid(.worker, in: workspace), window: window(), taskChannel: channel))
        default:
            return nil
        }
    }

    /// Returns a statistics window: none, a look-back, or dates near now and at the extremes.
    private mutating func window() -> Wire.StatisticsWindow? {
        if values.chance(0.4) { return nil }
        return Wire.StatisticsWindow(
            minutes: values.chance(0.5) ? 0 : values.uint32(),
            startDateUnixMilliseconds: values.chance(0.6) ? 0 : values.instant(near: now),
            endDateUnixMilliseconds: values.chance(0.6) ? 0 : values.instant(near: now))
    }

    /// Returns `split_by_wait_time` thresholds: none, valid bin edges, or any values.
    private mutating func thresholds() -> [UInt32] {
        if values.chance(0.5) { return [] }
        if values.chance(0.5) { return values.pick([[30], [30, 60, 600, 3_600], [610, 3_660, 90_000], [1_209_600]]) }
        return (0..<values.pick([1, 2, 3, 10, 11, 200])).map { _ in values.uint32() }
    }

    mutating func eventRequest(_ name: String) -> Wire.ClientFrame.Request? {
        let workspace = workspaceSid()
        switch name {
        case "list_events":
            return .listEvents(listEvents(in: workspace))
        case "fetch_event":
            return .fetchEvent(Wire.FetchEventRequest(workspaceSID: workspace, eventSID: sid(.event, in: workspace)))
        case "subscribe_events":
            let types = values.chance(0.6) ? [] : (0..<values.pick([1, 2, 33])).map { _ in
                values.pick(["reservation.created", "task.created", "worker.activity.update", "no.such", ""])
            }
            return .subscribeEvents(Wire.SubscribeEventsRequest(
                workspaceSID: workspace, workerSID: values.chance(0.6) ? "" : sid(.worker, in: workspace),
                afterSequence: afterSequence(in: workspace), eventTypes: types))
        case "unsubscribe_events":
            let known = pools.subscriptionIDs
            let id = values.chance(0.7) && !known.isEmpty ? values.pick(known) : values.uint64()
            return .unsubscribeEvents(Wire.UnsubscribeEventsRequest(subscriptionID: id))
        default:
            return nil
        }
    }

    private mutating func listEvents(in workspace: String) -> Wire.ListEventsRequest {
        Wire.ListEventsRequest(
            workspaceSID: workspace, eventType: values.chance(0.8) ? "" : values.pick(["task.created", "reservation.accepted", values.text()]),
            minutes: values.chance(0.6) ? 0 : values.uint32(),
            startDateUnixMilliseconds: values.chance(0.7) ? 0 : values.instant(near: now),
            endDateUnixMilliseconds: values.chance(0.7) ? 0 : values.instant(near: now),
            taskSID: values.chance(0.85) ? "" : sid(.task, in: workspace),
            workerSID: values.chance(0.85) ? "" : sid(.worker, in: workspace),
            workflowSID: values.chance(0.9) ? "" : sid(.workflow, in: workspace),
            taskQueueSID: values.chance(0.9) ? "" : sid(.taskQueue, in: workspace),
            reservationSID: values.chance(0.9) ? "" : sid(.reservation, in: workspace),
            taskChannel: values.chance(0.9) ? "" : channelIdentifier(in: workspace),
            sid: values.chance(0.9) ? "" : sid(.event, in: workspace), pageSize: values.pageSize(), pageToken: pageToken())
    }

    /// Returns a subscription's `after_sequence`: none, a sequence the
    /// workspace had, one near it, or an edge value.
    private mutating func afterSequence(in workspace: String) -> UInt64? {
        let known = pools.workspaces[workspace]?.eventSequences ?? []
        let roll = Double.random(in: 0..<1, using: &values.random)
        if roll < 0.4 { return nil }
        if roll < 0.7, !known.isEmpty { return values.pick(known) &+ UInt64(values.int(in: 0...2)) &- 1 }
        return values.uint64()
    }
}
