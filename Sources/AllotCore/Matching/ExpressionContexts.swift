/// The worker side of an expression context: attributes, system fields and
/// channel fields of one worker.
struct WorkerFacts {
    let attributes: AttributeValue
    /// The SIDs' bits, formatted only when an expression reads them: a
    /// worker's facts are gathered once per queue whose membership is checked.
    /// Nil for facts that describe no stored worker, which read as "".
    let sidValue: SidValue?
    let friendlyName: String
    let activitySidValue: SidValue?
    let activityName: String
    let channels: [WorkerChannelState?]
    let channelsByUniqueName: [String: ChannelHandle]

    func systemField(_ field: WorkerSystemField) -> AttributeValue {
        switch field {
        case .sid: .string(sidValue?.formatted(.worker) ?? "")
        case .friendlyName: .string(friendlyName)
        case .activitySid: .string(activitySidValue?.formatted(.activity) ?? "")
        case .activityName: .string(activityName)
        }
    }

    /// `worker.channel.<name>.<field>`; null for an unknown channel name.
    func channelField(channel name: String, field: WorkerChannelField) -> AttributeValue {
        guard let handle = channelsByUniqueName[name], Int(handle.index) < channels.count,
              let state = channels[Int(handle.index)] else { return .null }
        switch field {
        case .configuredCapacity: return .number(Double(state.configuredCapacity))
        case .assignedTasks: return .number(Double(state.assignedCount))
        case .availableCapacityPercentage: return .number(Double(state.availableCapacityPercentage))
        }
    }
}

/// Context of queue `target_workers` and the `TargetWorkersExpression` filter.
struct WorkerExpressionContext: ExpressionContext {
    let worker: WorkerFacts
    let nowUnixMilliseconds: Int64

    var taskAttributes: AttributeValue { .null }
    var workerAttributes: AttributeValue { worker.attributes }
    func workerSystemField(_ field: WorkerSystemField) -> AttributeValue { worker.systemField(field) }
    func workerChannelField(channel: String, field: WorkerChannelField) -> AttributeValue {
        worker.channelField(channel: channel, field: field)
    }
    func workerCount(_ selector: WorkerCountSelector) -> Int { 0 }
}

/// Context of workflow filter expressions and `EvaluateTaskAttributes`.
struct TaskExpressionContext: ExpressionContext {
    let taskAttributes: AttributeValue
    let nowUnixMilliseconds: Int64

    var workerAttributes: AttributeValue { .null }
    func workerSystemField(_ field: WorkerSystemField) -> AttributeValue { .null }
    func workerChannelField(channel: String, field: WorkerChannelField) -> AttributeValue { .null }
    func workerCount(_ selector: WorkerCountSelector) -> Int { 0 }
}

/// Context of a target `expression`: one task and one worker.
struct TargetExpressionContext: ExpressionContext {
    let taskAttributes: AttributeValue
    let worker: WorkerFacts
    let nowUnixMilliseconds: Int64

    var workerAttributes: AttributeValue { worker.attributes }
    func workerSystemField(_ field: WorkerSystemField) -> AttributeValue { worker.systemField(field) }
    func workerChannelField(channel: String, field: WorkerChannelField) -> AttributeValue {
        worker.channelField(channel: channel, field: field)
    }
    func workerCount(_ selector: WorkerCountSelector) -> Int { 0 }
}

/// Context of `skip_if`: counts of the step queue's members by activity.
struct SkipIfContext: ExpressionContext {
    let availableCount: Int
    let unavailableCount: Int
    let countsByActivitySid: [String: Int]
    let nowUnixMilliseconds: Int64

    var taskAttributes: AttributeValue { .null }
    var workerAttributes: AttributeValue { .null }
    func workerSystemField(_ field: WorkerSystemField) -> AttributeValue { .null }
    func workerChannelField(channel: String, field: WorkerChannelField) -> AttributeValue { .null }
    func workerCount(_ selector: WorkerCountSelector) -> Int {
        switch selector {
        case .available: availableCount
        case .unavailable: unavailableCount
        case .activity(let sid): countsByActivitySid[sid] ?? 0
        }
    }
}

extension WorkspaceState {
    func workerFacts(_ handle: WorkerHandle) -> WorkerFacts {
        // Fields are read in place: binding the record to a constant copied it.
        let activity = workers[handle].activity
        return WorkerFacts(attributes: workers[handle].attributes, sidValue: workers[handle].sidValue,
                           friendlyName: workers[handle].friendlyName, activitySidValue: activities[activity].sidValue,
                           activityName: activities[activity].friendlyName, channels: workers[handle].channels,
                           channelsByUniqueName: channelsByUniqueName)
    }
}
