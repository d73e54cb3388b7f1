import AllotWire

/// Requests about workers and worker channels.
extension RequestGenerator {
    mutating func workerRequest(_ name: String) -> Wire.ClientFrame.Request? {
        let workspace = workspaceSid()
        switch name {
        case "create_worker":
            return .createWorker(Wire.CreateWorkerRequest(
                workspaceSID: workspace, friendlyName: nextName(),
                activitySID: values.chance(0.2) ? "" : activitySid(in: workspace),
                attributes: values.chance(0.1) ? "" : attributes(in: workspace)))
        case "fetch_worker":
            return .fetchWorker(Wire.FetchWorkerRequest(workspaceSID: workspace, workerSID: sid(.worker, in: workspace)))
        case "update_worker":
            return .updateWorker(Wire.UpdateWorkerRequest(
                workspaceSID: workspace, workerSID: sid(.worker, in: workspace),
                activitySID: values.chance(0.6) ? activitySid(in: workspace) : nil,
                attributes: values.chance(0.3) ? attributes(in: workspace) : nil,
                friendlyName: values.chance(0.1) ? nextName() : nil,
                rejectPendingReservations: values.chance(0.15), ifMatchVersion: version(in: workspace)))
        case "delete_worker":
            return .deleteWorker(Wire.DeleteWorkerRequest(workspaceSID: workspace, workerSID: sid(.worker, in: workspace),
                                                          ifMatchVersion: version(in: workspace)))
        case "list_workers":
            return .listWorkers(listWorkers(in: workspace))
        default:
            return workerChannelRequest(name, in: workspace)
        }
    }

    private mutating func listWorkers(in workspace: String) -> Wire.ListWorkersRequest {
        Wire.ListWorkersRequest(
            workspaceSID: workspace, activityName: values.chance(0.9) ? "" : values.pick(["Available", "Offline", values.text()]),
            activitySID: values.chance(0.8) ? "" : sid(.activity, in: workspace), available: values.optional { $0.chance(0.5) },
            friendlyName: values.chance(0.9) ? "" : values.text(),
            targetWorkersExpression: values.chance(0.6) ? "" : values.expression(for: .workerFilter),
            taskQueueSID: values.chance(0.8) ? "" : sid(.taskQueue, in: workspace),
            taskQueueName: values.chance(0.95) ? "" : values.text(), ordering: values.chance(0.6) ? "" : values.listOrdering(),
            pageSize: values.pageSize(), pageToken: pageToken())
    }

    private mutating func workerChannelRequest(_ name: String, in workspace: String) -> Wire.ClientFrame.Request? {
        switch name {
        case "fetch_worker_channel":
            return .fetchWorkerChannel(Wire.FetchWorkerChannelRequest(
                workspaceSID: workspace, workerSID: sid(.worker, in: workspace), workerChannel: channelIdentifier(in: workspace)))
        case "update_worker_channel":
            let capacity: UInt32? = values.chance(0.2) ? nil : (values.chance(0.6) ? UInt32(values.int(in: 0...5)) : values.uint32())
            return .updateWorkerChannel(Wire.UpdateWorkerChannelRequest(
                workspaceSID: workspace, workerSID: sid(.worker, in: workspace), workerChannel: channelIdentifier(in: workspace),
                capacity: capacity, available: values.optional { $0.chance(0.7) }))
        case "list_worker_channels":
            return .listWorkerChannels(Wire.ListWorkerChannelsRequest(
                workspaceSID: workspace, workerSID: sid(.worker, in: workspace), pageSize: values.pageSize(), pageToken: pageToken()))
        default:
            return nil
        }
    }
}
