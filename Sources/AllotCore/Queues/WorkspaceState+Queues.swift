extension WorkspaceState {
    mutating func createTaskQueue(_ request: CreateTaskQueueRequest, now: Timestamp) throws(EngineError) -> TaskQueueInfo {
        let name = try InputValidation.friendlyName(request.friendlyName, limits: limits)
        let expression = try Self.compileTargetWorkers(request.targetWorkers ?? "1==1")
        let reservationActivity = try optionalActivity(request.reservationActivitySid, field: "ReservationActivitySid")
        let assignmentActivity = try optionalActivity(request.assignmentActivitySid, field: "AssignmentActivitySid")
        let maxReserved = request.maxReservedWorkers ?? 1
        try InputValidation.integer(maxReserved, in: 1...limits.maximumReservedWorkers, field: "MaxReservedWorkers")
        let order = try request.taskOrder.map { text throws(EngineError) in try TaskOrder.parse(text, field: "TaskOrder") } ?? .fifo
        if queues.count >= limits.maximumTaskQueues {
            throw .resourceExhausted(field: "FriendlyName", message: "the workspace has \(queues.count) task queues, the maximum")
        }
        let record = TaskQueueRecord(storedSid: StoredSid(sids.nextValue(), .taskQueue), friendlyName: name, targetWorkers: expression,
                                     reservationActivity: reservationActivity, assignmentActivity: assignmentActivity,
                                     maxReservedWorkers: maxReserved, taskOrder: order, createdAt: now, updatedAt: now,
                                     sequence: takeSequence())
        let handle = queues.insert(record)
        recomputeMembers(of: handle, now: now)
        emit(.taskQueueCreated, resource: record.eventSid, at: now, queueEventData(handle))
        return taskQueueInfo(handle)
    }

    mutating func updateTaskQueue(sid: String, _ request: UpdateTaskQueueRequest, now: Timestamp) throws(EngineError) -> TaskQueueInfo {
        // 1. Validate.
        let handle = try queueHandle(sid, field: "Sid")
        let name = try request.friendlyName.map { text throws(EngineError) in try InputValidation.friendlyName(text, limits: limits) }
        let expression = try request.targetWorkers.map { text throws(EngineError) in try Self.compileTargetWorkers(text) }
        let reservationActivity = try optionalActivity(request.reservationActivitySid, field: "ReservationActivitySid")
        let assignmentActivity = try optionalActivity(request.assignmentActivitySid, field: "AssignmentActivitySid")
        if let maxReserved = request.maxReservedWorkers {
            try InputValidation.integer(maxReserved, in: 1...limits.maximumReservedWorkers, field: "MaxReservedWorkers")
        }
        let order = try request.taskOrder.map { text throws(EngineError) in try TaskOrder.parse(text, field: "TaskOrder") }

        // 2. Apply.
        if let name { queues[handle].friendlyName = name }
        if request.reservationActivitySid != nil { queues[handle].reservationActivity = reservationActivity }
        if request.assignmentActivitySid != nil { queues[handle].assignmentActivity = assignmentActivity }
        if let maxReserved = request.maxReservedWorkers { queues[handle].maxReservedWorkers = maxReserved }
        if let order, order != queues[handle].taskOrder {
            queues[handle].taskOrder = order
            rekeyPendingTasks(of: handle)
        }
        queues[handle].updatedAt = now
        var joined: [WorkerHandle] = []
        if let expression {
            queues[handle].targetWorkers = expression
            joined = recomputeMembers(of: handle, now: now)
            emit(.taskQueueExpressionUpdated, resourceSid: sid, at: now, queueEventData(handle))
        }
        for worker in joined { markForMatching(worker) }
        return taskQueueInfo(handle)
    }

    /// Deletes a queue that no unfinished task and no workflow uses.
    mutating func deleteTaskQueue(sid: String, now: Timestamp) throws(EngineError) {
        let handle = try queueHandle(sid, field: "Sid")
        for task in tasks.handles {
            let record = tasks[task]
            if record.status.isFinished { continue }
            var uses = record.queue == handle
            if case .step(let workflow, _, _) = record.placement, workflow.queues.contains(handle) { uses = true }
            if case .queue(let queue) = record.placement, queue == handle { uses = true }
            if uses {
                throw .failedPrecondition(field: "Sid",
                                          message: "task \(record.sid) is in or routed through task queue \(sid); "
                                              + "wait until it finishes or delete it first")
            }
        }
        for workflow in workflows.handles where workflows[workflow].compiled.queues.contains(handle) {
            throw .failedPrecondition(field: "Sid",
                                      message: "workflow \(workflows[workflow].sid) routes to task queue \(sid); "
                                          + "update the workflow first")
        }
        let data = queueEventData(handle)
        // Finished tasks kept for reading lose their queue reference.
        for task in tasks.handles where tasks[task].queue == handle { tasks[task].queue = nil }
        for worker in queues[handle].members.sorted() { removeMembership(handle, worker) }
        queues.remove(handle)
        emit(.taskQueueDeleted, resourceSid: sid, at: now, consume data)
    }

    func fetchTaskQueue(sid: String) throws(EngineError) -> TaskQueueInfo {
        taskQueueInfo(try queueHandle(sid, field: "Sid"))
    }

    /// Re-keys a queue's pending heaps after its task order changed.
    mutating func rekeyPendingTasks(of queue: QueueHandle) {
        let heaps = queues[queue].pendingTasks
        for (channel, heap) in heaps {
            for entry in heap.entries {
                let task = tasks[entry.id]
                let key = queues[queue].orderKey(priority: task.priority, virtualStartTime: task.virtualStartTime,
                                                 sequence: task.sequence)
                queues[queue].pendingTasks[channel]?.upsert(entry.id, key: key)
            }
        }
    }

    static func compileTargetWorkers(_ source: String) throws(EngineError) -> Expression {
        try compile(source, kind: .queueTargetWorkers, field: "TargetWorkers")
    }

    /// Compiles an expression, turning a parse error into an `invalidArgument`
    /// that names the field, the expression and the column. The column comes
    /// before the parser's message, as `allot eval` prints it, because that
    /// message ends with a suggested fix.
    static func compile(_ source: String, kind: ExpressionKind, field: String,
                        context: String? = nil) throws(EngineError) -> Expression {
        do {
            return try Expression(source, kind: kind)
        } catch {
            let place = context.map { " in \($0)" } ?? ""
            throw .invalidArgument(field: field,
                                   message: "\(field)\(place) \(EngineError.quoted(source)) is not a valid expression: "
                                       + "column \(error.column): \(error.message)")
        }
    }

    func optionalActivity(_ sid: String?, field: String) throws(EngineError) -> ActivityHandle? {
        guard let sid, !sid.isEmpty else { return nil }
        return try activityHandle(sid, field: field)
    }

    /// It is always inlined, because an outlined call from a mutating method
    /// copied the whole workspace state.
    @inline(__always)
    func queueHandle(_ sid: String, field: String) throws(EngineError) -> QueueHandle {
        guard let handle = queues.handle(forSid: sid) else { throw EngineError.unknown("task queue", sid: sid, field: field) }
        return handle
    }

    func taskQueueInfo(_ handle: QueueHandle) -> TaskQueueInfo {
        let queue = queues[handle]
        return TaskQueueInfo(sid: queue.sid, workspaceSid: settings.sid, accountSid: settings.accountSid,
                             friendlyName: queue.friendlyName, targetWorkers: queue.targetWorkers.source,
                             reservationActivitySid: queue.reservationActivity.map { activities[$0].sid },
                             reservationActivityName: queue.reservationActivity.map { activities[$0].friendlyName },
                             assignmentActivitySid: queue.assignmentActivity.map { activities[$0].sid },
                             assignmentActivityName: queue.assignmentActivity.map { activities[$0].friendlyName },
                             maxReservedWorkers: queue.maxReservedWorkers, taskOrder: queue.taskOrder,
                             dateCreated: queue.createdAt, dateUpdated: queue.updatedAt)
    }

    func queueEventData(_ handle: QueueHandle) -> EventData {
        var data = EventData()
        data.setSid(.taskQueue, queues[handle].eventSid)
        data.taskQueueName = queues[handle].friendlyName
        data.taskQueueTargetExpression = queues[handle].targetWorkers.source
        return data
    }
}
