import AllotWire

/// Requests about workspaces, activities and task channels, and the
/// requests the server serves without the engine.
extension RequestGenerator {
    mutating func workspaceRequest(_ name: String) -> Wire.ClientFrame.Request? {
        switch name {
        case "create_workspace":
            return .createWorkspace(Wire.CreateWorkspaceRequest(
                friendlyName: nextName(), eventsFilter: eventsFilter(), multiTaskEnabled: values.optional { $0.chance(0.7) },
                template: Wire.WorkspaceTemplate(wireValue: values.enumWireValue(definedCount: 3)),
                prioritizeQueueOrder: Wire.QueueOrder(wireValue: values.enumWireValue(definedCount: 3)),
                eventCallbackURL: values.chance(0.8) ? "" : values.text()))
        case "fetch_workspace":
            return .fetchWorkspace(Wire.FetchWorkspaceRequest(workspaceSID: workspaceSid()))
        case "update_workspace":
            let workspace = workspaceSid()
            return .updateWorkspace(Wire.UpdateWorkspaceRequest(
                workspaceSID: workspace, friendlyName: values.chance(0.3) ? nextName() : nil,
                defaultActivitySID: values.chance(0.2) ? sid(.activity, in: workspace) : nil,
                timeoutActivitySID: values.chance(0.2) ? sid(.activity, in: workspace) : nil,
                eventsFilter: values.chance(0.2) ? eventsFilter() : nil, multiTaskEnabled: values.chance(0.2) ? values.chance(0.5) : nil,
                prioritizeQueueOrder: values.chance(0.2) ? Wire.QueueOrder(wireValue: values.enumWireValue(definedCount: 3)) : nil,
                eventCallbackURL: values.chance(0.1) ? values.text() : nil))
        case "delete_workspace":
            return .deleteWorkspace(Wire.DeleteWorkspaceRequest(workspaceSID: workspaceSid()))
        case "list_workspaces":
            return .listWorkspaces(Wire.ListWorkspacesRequest(
                friendlyName: values.chance(0.8) ? "" : values.text(), pageSize: values.pageSize(), pageToken: pageToken()))
        default:
            return activityRequest(name) ?? taskChannelRequest(name) ?? serverRequest(name)
        }
    }

    private mutating func activityRequest(_ name: String) -> Wire.ClientFrame.Request? {
        let workspace = workspaceSid()
        switch name {
        case "create_activity":
            return .createActivity(Wire.CreateActivityRequest(workspaceSID: workspace, friendlyName: nextName(),
                                                              available: values.optional { $0.chance(0.5) }))
        case "fetch_activity":
            return .fetchActivity(Wire.FetchActivityRequest(workspaceSID: workspace, activitySID: sid(.activity, in: workspace)))
        case "update_activity":
            return .updateActivity(Wire.UpdateActivityRequest(workspaceSID: workspace, activitySID: sid(.activity, in: workspace),
                                                              friendlyName: values.optional { $0.text() }))
        case "delete_activity":
            return .deleteActivity(Wire.DeleteActivityRequest(workspaceSID: workspace, activitySID: sid(.activity, in: workspace)))
        case "list_activities":
            return .listActivities(Wire.ListActivitiesRequest(
                workspaceSID: workspace, friendlyName: values.chance(0.8) ? "" : values.text(),
                available: values.optional { $0.chance(0.5) }, pageSize: values.pageSize(), pageToken: pageToken()))
        default:
            return nil
        }
    }

    private mutating func taskChannelRequest(_ name: String) -> Wire.ClientFrame.Request? {
        let workspace = workspaceSid()
        switch name {
        case "create_task_channel":
            let uniqueName = values.chance(0.7) ? "channel\(values.int(in: 0...40))" : values.text()
            return .createTaskChannel(Wire.CreateTaskChannelRequest(workspaceSID: workspace, friendlyName: nextName(),
                                                                    uniqueName: uniqueName, channelOptimizedRouting: values.chance(0.4)))
        case "fetch_task_channel":
            return .fetchTaskChannel(Wire.FetchTaskChannelRequest(workspaceSID: workspace, taskChannel: channelIdentifier(in: workspace)))
        case "update_task_channel":
            return .updateTaskChannel(Wire.UpdateTaskChannelRequest(
                workspaceSID: workspace, taskChannel: channelIdentifier(in: workspace),
                friendlyName: values.chance(0.5) ? values.friendlyName(counter: 0) : nil,
                channelOptimizedRouting: values.optional { $0.chance(0.5) }))
        case "delete_task_channel":
            return .deleteTaskChannel(Wire.DeleteTaskChannelRequest(workspaceSID: workspace, taskChannel: channelIdentifier(in: workspace)))
        case "list_task_channels":
            return .listTaskChannels(Wire.ListTaskChannelsRequest(workspaceSID: workspace, pageSize: values.pageSize(), pageToken: pageToken()))
        default:
            return nil
        }
    }

    /// Builds hello, which the server handles before any call, echo and snapshot_save.
    private mutating func serverRequest(_ name: String) -> Wire.ClientFrame.Request? {
        switch name {
        case "hello":
            return .hello(Wire.Hello(protocolVersion: values.uint32(), accountSID: values.malformedSid(prefix: "AC"), secret: values.text()))
        case "echo":
            return .echo(Wire.Echo(payload: Array(values.text().utf8.prefix(values.int(in: 0...256)))))
        case "snapshot_save":
            return .snapshotSave(Wire.SnapshotSave())
        default:
            return nil
        }
    }

    /// Returns a workspace `events_filter`: empty, known types, or unknown ones.
    mutating func eventsFilter() -> String {
        values.pick(["", "", "task.created", "reservation.created,reservation.accepted", "task.created, ,task.canceled",
                     "no.such.event", String(repeating: "task.created,", count: 101), values.text()])
    }
}
