/// A task creation request after validation.
struct ValidatedTask {
    var attributes: AttributeValue
    var priority: Int
    var timeoutSeconds: Int
    var channel: ChannelHandle
    var workflow: WorkflowHandle?
    var virtualStartTime: Timestamp
    var routingTarget: RoutingTarget?
    var ignoreCapacity: Bool
}

extension WorkspaceState {
    mutating func createTask(_ request: CreateTaskRequest, now: Timestamp) throws(EngineError) -> TaskInfo {
        let valid = try validate(request, now: now)
        try makeRoomForTask()
        let record = TaskRecord(sidValue: sids.nextValue(), sequence: takeSequence(), createdAt: now, updatedAt: now,
                                attributes: valid.attributes, priority: valid.priority,
                                timeoutSeconds: valid.timeoutSeconds, channel: valid.channel, workflow: valid.workflow,
                                virtualStartTime: valid.virtualStartTime, routingTarget: valid.routingTarget,
                                ignoreCapacity: valid.ignoreCapacity, filterEnteredAt: now, queueEnteredAt: now)
        let resource = record.eventSid
        let entry = record.tallyEntry
        // Consumed explicitly, because without `consume` the record was
        // copied into the table and the original destroyed at the end.
        let handle = tasks.insert(consume record)
        applyTallies(handle, entry: entry, queue: nil, workflow: valid.workflow, sign: 1)
        count(in: StatisticsScopes(workflow: valid.workflow), channel: valid.channel, at: now) { $0.tasksEntered += 1 }
        arm(.taskTimeToLive(handle), at: now.adding(seconds: valid.timeoutSeconds))
        let data = taskEventData(handle, now: now)
        emit(.taskCreated, resource: resource, at: now, data)
        startRouting(handle, createdEventData: consume data, now: now)
        return taskInfo(handle, now: now)
    }

    /// Validates a creation request and returns its values.
    ///
    /// It is always inlined into its one caller, because an outlined call
    /// from the mutating `createTask` copied the whole workspace state.
    @inline(__always)
    private func validate(_ request: CreateTaskRequest, now: Timestamp) throws(EngineError) -> ValidatedTask {
        let attributes = try request.attributes.map { text throws(EngineError) in
            try JSONInput.attributes(text, field: "Attributes", limits: limits)
        } ?? .emptyObject
        let priority = request.priority ?? 0
        try InputValidation.integer(priority, in: 0...limits.maximumTaskPriority, field: "Priority")
        let timeout = request.timeout ?? limits.defaultTaskTimeoutSeconds
        try InputValidation.integer(timeout, in: 1...limits.maximumTaskTimeoutSeconds, field: "Timeout")
        let channel = if let name = request.taskChannel {
            try channelHandle(name, field: "TaskChannel")
        } else {
            try defaultChannelHandle()
        }
        let virtualStartTime = try validateVirtualStartTime(request.virtualStartTime, now: now) ?? now
        let targetField = request.routingTargetField
        let target = try request.routingTarget.map { text throws(EngineError) in try RoutingTarget.parse(text, field: targetField) }
        switch target {
        case .worker(let sid): _ = try workerHandle(sid, field: targetField)
        case .taskQueue(let sid): _ = try queueHandle(sid, field: targetField)
        case .workflow, nil: break
        }
        let workflow = try resolveWorkflow(request.workflowSid, target: target)
        if let workflow, target == nil || target?.sid == workflows[workflow].sid {
            try checkSomeFilterMatches(workflow, attributes: attributes, now: now)
        }
        var ignoreCapacity = false
        if case .worker = target { ignoreCapacity = request.ignoreCapacity.map(InputValidation.booleanish) ?? true }
        return ValidatedTask(attributes: attributes, priority: priority, timeoutSeconds: timeout, channel: channel,
                             workflow: workflow, virtualStartTime: virtualStartTime, routingTarget: target,
                             ignoreCapacity: ignoreCapacity)
    }

    func validateVirtualStartTime(_ time: Timestamp?, now: Timestamp) throws(EngineError) -> Timestamp? {
        guard let time else { return nil }
        guard time >= Timestamp.year1900, time <= now else {
            throw .invalidArgument(field: "VirtualStartTime",
                                   message: "VirtualStartTime \(time.iso8601) must be between 1900-01-01 "
                                       + "and now (\(now.iso8601))")
        }
        return time
    }

    /// Returns the workflow of a new task: the routing target's, the given one, or
    /// the only one; none for worker and queue routing targets without one.
    ///
    /// It is always inlined, like `validate`, because an outlined call from
    /// the mutating `createTask` copied the whole workspace state.
    @inline(__always)
    private func resolveWorkflow(_ sid: String?, target: RoutingTarget?) throws(EngineError) -> WorkflowHandle? {
        if case .workflow(let targetSid) = target { return try workflowHandle(targetSid, field: "RoutingTarget") }
        if let sid { return try workflowHandle(sid, field: "WorkflowSid") }
        if target != nil { return nil }
        if let only = workflows.onlyHandle { return only }
        throw .invalidArgument(field: "WorkflowSid",
                               message: workflows.count == 0
                                   ? "the workspace has no workflow; create one or pass a RoutingTarget"
                                   : "the workspace has \(workflows.count) workflows; pass WorkflowSid to choose one")
    }

    /// Rejects a task that no filter of `workflow` matches when the workflow
    /// has no default filter. It reads the record in place, because passing
    /// the record copied it and retained every reference in it.
    @inline(__always)
    func checkSomeFilterMatches(_ workflow: WorkflowHandle, attributes: AttributeValue, now: Timestamp) throws(EngineError) {
        let compiled = workflows[workflow].compiled
        guard compiled.defaultStep == nil,
              firstMatchingFilter(compiled, attributes: attributes, from: 0, now: now) == nil else { return }
        throw .invalidArgument(field: "Attributes",
                               message: "no filter of workflow \(workflows[workflow].sid) matches the task attributes and the "
                                   + "workflow has no default_filter; add a default_filter or a matching filter")
    }

    mutating func updateTask(sid: String, _ request: UpdateTaskRequest, now: Timestamp) throws(EngineError) -> TaskInfo {
        let handle = try taskHandle(sid, field: "Sid")
        try InputValidation.version(request.expectedVersion, current: tasks[handle].version, resource: "task \(sid)")
        if request.assignmentStatus != nil && request.attributes != nil {
            throw .invalidArgument(field: "AssignmentStatus",
                                   message: "change AssignmentStatus and Attributes in two separate requests")
        }
        if let status = request.assignmentStatus {
            try changeStatus(handle, to: status, reason: request.reason, now: now)
            return taskInfo(handle, now: now)
        }
        try updateTaskFields(handle, request, now: now)
        return taskInfo(handle, now: now)
    }

    private mutating func updateTaskFields(_ handle: TaskHandle, _ request: UpdateTaskRequest, now: Timestamp) throws(EngineError) {
        // 1. Validate.
        let task = tasks[handle]
        if task.status.isFinished {
            throw .failedPrecondition(field: "Sid", message: "task \(task.sid) is \(task.status.rawValue) and cannot change")
        }
        let attributes = try request.attributes.map { text throws(EngineError) in
            try JSONInput.attributes(text, field: "Attributes", limits: limits)
        }
        if let priority = request.priority {
            try InputValidation.integer(priority, in: 0...limits.maximumTaskPriority, field: "Priority")
        }
        let channel = try request.taskChannel.map { text throws(EngineError) in try channelHandle(text, field: "TaskChannel") }
        if channel != nil && task.status != .pending {
            throw .failedPrecondition(field: "TaskChannel", message: "only a pending task can change its channel")
        }
        let virtualStartTime = try validateVirtualStartTime(request.virtualStartTime, now: now)
        // A task routed by a workflow is re-driven, also when a WW routing target
        // chose the workflow. A task placed in a queue or with a worker is not.
        // A reserved task keeps its reservations and is re-driven if it waits again.
        var reroutes = false
        var reroutesLater = false
        if attributes != nil, case .step = task.placement {
            reroutes = task.status == .pending
            reroutesLater = task.status == .reserved
        }
        if reroutes || reroutesLater, let attributes, let workflow = task.workflow {
            try checkSomeFilterMatches(workflow, attributes: attributes, now: now)
        }

        // 2. Apply. A routing step that sets a priority wins over the API's.
        makeUnmatchable(handle)
        updateTask(handle) { task in
            if let attributes { task.attributes = attributes }
            if let priority = request.priority, task.placement.step?.priority == nil { task.priority = priority }
            if let channel { task.channel = channel }
            if let virtualStartTime { task.virtualStartTime = virtualStartTime }
            if reroutesLater { task.reroutesWhenWaiting = true }
            task.updatedAt = now
            task.version += 1
        }
        emit(.taskUpdated, resource: task.eventSid, at: now, taskEventData(handle, now: now))
        if reroutes {
            rerouteTask(handle, now: now)
        } else {
            makeMatchable(handle)
            offerTask(handle, now: now)
        }
    }

    /// Applies an API status change: `canceled` before assignment, `wrapping`
    /// after it, `completed` from assigned or wrapping. Everything else is
    /// rejected.
    private mutating func changeStatus(_ handle: TaskHandle, to text: String, reason: String?,
                                       now: Timestamp) throws(EngineError) {
        let current = tasks[handle].status
        guard let status = TaskStatus.namesInAnyCase.value(named: text) else {
            throw .invalidArgument(field: "AssignmentStatus",
                                   message: "AssignmentStatus \(EngineError.quoted(text)) is not canceled, wrapping or completed")
        }
        // Built only when thrown, because formatting it on every call cost as much as
        // the rest of a completion's checks.
        func invalid() -> EngineError {
            let fix = switch (current, status) {
            case (.pending, .completed), (.reserved, .completed), (.pending, .wrapping), (.reserved, .wrapping):
                "accept one of its reservations first, or set canceled to withdraw it"
            case (.assigned, .canceled), (.wrapping, .canceled):
                "an accepted task ends as completed; set completed"
            case (.canceled, _), (.completed, _):
                "it is finished; create a new task"
            case (.wrapping, .wrapping):
                "it is already wrapping; set completed when the work is done"
            default:
                "the engine sets \(status.rawValue) itself; set canceled, wrapping or completed instead"
            }
            return .failedPrecondition(
                field: "AssignmentStatus",
                message: "task \(tasks[handle].sid) is \(current.rawValue) and cannot become \(status.rawValue) through the API: \(fix)")
        }
        switch status {
        case .canceled:
            guard current.isWaiting else { throw invalid() }
            cancelTask(handle, reason: reason, now: now)
        case .wrapping:
            guard current == .assigned else { throw invalid() }
            wrapTask(handle, reason: reason, now: now)
        case .completed:
            guard current == .assigned || current == .wrapping else { throw invalid() }
            completeTask(handle, reason: reason, now: now)
        case .pending, .reserved, .assigned:
            throw invalid()
        }
    }

    mutating func deleteTask(sid: String, expectedVersion: UInt64?, now: Timestamp) throws(EngineError) {
        let handle = try taskHandle(sid, field: "Sid")
        try InputValidation.version(expectedVersion, current: tasks[handle].version, resource: "task \(sid)")
        let data = taskEventData(handle, now: now)
        count(in: scopes(of: handle), channel: tasks[handle].channel, at: now) { $0.tasksDeleted += 1 }
        // Pending reservations are withdrawn like on cancel, which in a
        // single-tasking workspace restores each worker's earlier activity.
        if tasks[handle].status.isWaiting { cancelPendingReservations(handle, now: now) }
        removeTask(handle)
        emit(.taskDeleted, resourceSid: sid, at: now, consume data)
    }

    func fetchTask(sid: String, now: Timestamp) throws(EngineError) -> TaskInfo {
        taskInfo(try taskHandle(sid, field: "Sid"), now: now)
    }
}
