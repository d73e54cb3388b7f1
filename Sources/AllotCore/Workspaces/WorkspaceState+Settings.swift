extension WorkspaceState {
    /// Applies the optional settings of a create request; called on a new workspace.
    mutating func applyCreateSettings(_ request: CreateWorkspaceRequest, now: Timestamp) throws(EngineError) {
        settings.eventCallbackUrl = try request.eventCallbackUrl.map { text throws(EngineError) in
            try InputValidation.callbackURL(text, field: "EventCallbackUrl", limits: limits)
        }
        settings.eventsFilter = try request.eventsFilter.flatMap { text throws(EngineError) in try parseEventsFilter(text) }
        settings.multiTaskEnabled = request.multiTaskEnabled ?? true
        if let order = request.prioritizeQueueOrder {
            settings.prioritizeQueueOrder = try TaskOrder.parse(order, field: "PrioritizeQueueOrder")
        }
        switch request.template?.uppercased() {
        case nil, "NONE":
            break
        case "FIFO":
            let queue = try createTaskQueue(CreateTaskQueueRequest(friendlyName: "Sample Queue"), now: now)
            let configuration = "{\"task_routing\":{\"filters\":[],\"default_filter\":{\"queue\":\"\(queue.sid)\"}}}"
            _ = try createWorkflow(CreateWorkflowRequest(friendlyName: "Default Fifo Workflow", configuration: configuration),
                                   now: now)
        default:
            throw .invalidArgument(field: "Template",
                                   message: "Template \(EngineError.quoted(request.template ?? "")) is not NONE or FIFO")
        }
    }

    mutating func updateSettings(_ request: UpdateWorkspaceRequest, now: Timestamp) throws(EngineError) -> WorkspaceInfo {
        let name = try request.friendlyName.map { text throws(EngineError) in try InputValidation.friendlyName(text, limits: limits) }
        let defaultActivity = try request.defaultActivitySid.map { text throws(EngineError) in
            try activityHandle(text, field: "DefaultActivitySid")
        }
        let timeoutActivity = try request.timeoutActivitySid.map { text throws(EngineError) in
            try activityHandle(text, field: "TimeoutActivitySid")
        }
        let filter = try request.eventsFilter.map { text throws(EngineError) in try parseEventsFilter(text) }
        let url = try request.eventCallbackUrl.map { text throws(EngineError) in
            try InputValidation.callbackURL(text, field: "EventCallbackUrl", limits: limits)
        }
        let order = try request.prioritizeQueueOrder.map { text throws(EngineError) in
            try TaskOrder.parse(text, field: "PrioritizeQueueOrder")
        }
        if let enabled = request.multiTaskEnabled, enabled != settings.multiTaskEnabled {
            // TaskRouter's workspace documentation states that a multitasking workspace
            // cannot be converted back to single-tasking.
            if !enabled {
                throw .failedPrecondition(field: "MultiTaskEnabled",
                                          message: "a multitasking workspace cannot become single-tasking; "
                                              + "create a workspace with MultiTaskEnabled false instead")
            }
            if !tasks.handles.isEmpty {
                throw .failedPrecondition(field: "MultiTaskEnabled",
                                          message: "MultiTaskEnabled can only change while the workspace has no tasks")
            }
        }
        if let name { settings.friendlyName = name }
        if let defaultActivity { settings.defaultActivity = defaultActivity }
        if let timeoutActivity { settings.timeoutActivity = timeoutActivity }
        if let url { settings.eventCallbackUrl = url }
        if let filter { settings.eventsFilter = filter }
        if let order { settings.prioritizeQueueOrder = order }
        if let enabled = request.multiTaskEnabled, enabled != settings.multiTaskEnabled {
            settings.multiTaskEnabled = enabled
            for worker in workers.handles { refreshReadiness(worker) }
            for worker in workers.handles { markForMatching(worker) }
        }
        settings.updatedAt = now
        emit(.workspaceUpdated, resourceSid: settings.sid, at: now, EventData())
        return info
    }

    /// Parses a comma-separated list of event types; empty means every type.
    func parseEventsFilter(_ text: String) throws(EngineError) -> Set<EventType>? {
        let byteCount = text.utf8.count
        if byteCount > limits.maximumEventsFilterBytes {
            throw .invalidArgument(field: "EventsFilter",
                                   message: "EventsFilter has \(byteCount) bytes; the maximum is \(limits.maximumEventsFilterBytes); "
                                       + "name each event type once, or pass an empty filter for every type")
        }
        let names = text.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        if names.isEmpty { return nil }
        if names.count > limits.maximumEventsFilterTypes {
            throw .invalidArgument(field: "EventsFilter",
                                   message: "EventsFilter lists \(names.count) types; the maximum is \(limits.maximumEventsFilterTypes)")
        }
        var types = Set<EventType>()
        for name in names {
            guard let type = EventType(rawValue: name) else {
                throw .invalidArgument(field: "EventsFilter",
                                       message: "EventsFilter names the unknown event type \(EngineError.quoted(name)); "
                                           + "use types such as task.created or reservation.accepted")
            }
            types.insert(type)
        }
        return types
    }

    var info: WorkspaceInfo {
        WorkspaceInfo(sid: settings.sid, accountSid: settings.accountSid, friendlyName: settings.friendlyName,
                      eventCallbackUrl: settings.eventCallbackUrl,
                      eventsFilter: settings.eventsFilter.map { $0.map(\.rawValue).sorted().joined(separator: ",") },
                      defaultActivitySid: activities[settings.defaultActivity].sid,
                      defaultActivityName: activities[settings.defaultActivity].friendlyName,
                      timeoutActivitySid: activities[settings.timeoutActivity].sid,
                      timeoutActivityName: activities[settings.timeoutActivity].friendlyName,
                      multiTaskEnabled: settings.multiTaskEnabled, prioritizeQueueOrder: settings.prioritizeQueueOrder,
                      dateCreated: settings.createdAt, dateUpdated: settings.updatedAt)
    }
}
