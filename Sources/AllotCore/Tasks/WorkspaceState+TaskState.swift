extension WorkspaceState {
    /// Changes a task through `body` and keeps the workspace, queue and
    /// workflow tallies in step with its status, priority and queue. Every
    /// change to those fields goes through here.
    ///
    /// - Complexity: O(log n) in the number of waiting tasks per scope.
    mutating func updateTask(_ handle: TaskHandle, _ body: (inout TaskRecord) -> Void) {
        let before = tasks[handle].tallyEntry
        let queueBefore = tasks[handle].queue
        let workflowBefore = tasks[handle].workflow
        body(&tasks[handle])
        let after = tasks[handle].tallyEntry
        let queueAfter = tasks[handle].queue
        let workflowAfter = tasks[handle].workflow
        guard before != after || queueBefore != queueAfter || workflowBefore != workflowAfter else { return }
        if queueBefore == queueAfter && workflowBefore == workflowAfter {
            // In the same scopes, a status or priority change that keeps the
            // task waiting leaves the waiting heaps as they are.
            tally.replace(before, with: after, handle: handle)
            if let queue = queueAfter, queues.contains(queue) { queues[queue].tally.replace(before, with: after, handle: handle) }
            if let workflow = workflowAfter, workflows.contains(workflow) {
                workflows[workflow].tally.replace(before, with: after, handle: handle)
            }
            return
        }
        applyTallies(handle, entry: before, queue: queueBefore, workflow: workflowBefore, sign: -1)
        applyTallies(handle, entry: after, queue: queueAfter, workflow: workflowAfter, sign: 1)
    }

    mutating func applyTallies(_ handle: TaskHandle, entry: TallyEntry, queue: QueueHandle?, workflow: WorkflowHandle?,
                               sign: Int) {
        tally.apply(entry, sign: sign, handle: handle)
        if let queue, queues.contains(queue) { queues[queue].tally.apply(entry, sign: sign, handle: handle) }
        if let workflow, workflows.contains(workflow) { workflows[workflow].tally.apply(entry, sign: sign, handle: handle) }
    }

    /// Returns whether a routing step can never match any worker, so its
    /// tasks need not wait in a pending heap: its target expression is
    /// false for every context, as the empty expression and `1==0` are.
    /// Timed delay steps of this kind stay out of the heaps that workers walk.
    static func stepMatchesNobody(_ step: RoutingStep?) -> Bool {
        step?.expression?.isContradiction ?? false
    }

    /// Puts a pending task where workers look for work: its queue's pending
    /// heap for its channel, or its routing-target worker's direct list.
    ///
    /// - Complexity: O(log n).
    mutating func makeMatchable(_ handle: TaskHandle) {
        let task = tasks[handle]
        guard task.status == .pending, !task.isMatchable else { return }
        switch task.placement {
        case .none:
            return
        case .worker(let worker):
            let key = TaskOrderKey.fifo(priority: task.priority, virtualStartTime: task.virtualStartTime,
                                        sequence: task.sequence)
            workers[worker].directTasks.upsert(handle, key: key)
        case .step, .queue:
            guard let queue = task.queue, !Self.stepMatchesNobody(task.placement.step) else { return }
            let key = queues[queue].orderKey(priority: task.priority, virtualStartTime: task.virtualStartTime,
                                             sequence: task.sequence)
            queues[queue].pendingTasks[task.channel.index, default: IndexedHeap()].upsert(handle, key: key)
        }
        tasks[handle].isMatchable = true
    }

    /// Takes a task out of the pending heap or direct list it is in.
    ///
    /// - Complexity: O(log n).
    mutating func makeUnmatchable(_ handle: TaskHandle) {
        let task = tasks[handle]
        guard task.isMatchable else { return }
        switch task.placement {
        case .worker(let worker):
            workers[worker].directTasks.remove(handle)
        default:
            if let queue = task.queue {
                queues[queue].pendingTasks[task.channel.index]?.remove(handle)
                if queues[queue].pendingTasks[task.channel.index]?.isEmpty == true {
                    queues[queue].pendingTasks[task.channel.index] = nil
                }
            }
        }
        tasks[handle].isMatchable = false
    }

    /// Queues a worker to look for waiting tasks when the operation settles.
    mutating func markForMatching(_ worker: WorkerHandle) {
        workersToMatch.append(worker)
    }

    /// Lets every worker marked during the operation look for waiting tasks.
    mutating func settle(now: Timestamp) {
        var seen = Set<WorkerHandle>()
        var index = 0
        while index < workersToMatch.count {
            let worker = workersToMatch[index]
            index += 1
            guard seen.insert(worker).inserted, workers.contains(worker) else { continue }
            matchWorker(worker, now: now)
        }
        workersToMatch.removeAll()
    }

    func taskHandle(_ sid: String, field: String) throws(EngineError) -> TaskHandle {
        guard let handle = tasks.handle(forSid: sid) else { throw EngineError.unknown("task", sid: sid, field: field) }
        return handle
    }

    func taskInfo(_ handle: TaskHandle, now: Timestamp) -> TaskInfo {
        let task = tasks[handle]
        let queue = task.queue.flatMap { queues.record(at: $0) }
        let workflow = task.workflow.flatMap { workflows.record(at: $0) }
        return TaskInfo(sid: task.sid, workspaceSid: settings.sid, accountSid: settings.accountSid,
                        attributes: task.attributes, assignmentStatus: task.status, priority: task.priority,
                        ageSeconds: task.age(at: now), timeoutSeconds: task.timeoutSeconds, reason: task.reason,
                        taskQueueSid: queue?.sid, taskQueueFriendlyName: queue?.friendlyName,
                        taskQueueEnteredDate: queue == nil ? nil : task.queueEnteredAt,
                        taskChannelSid: channels[task.channel].sid, taskChannelUniqueName: channels[task.channel].uniqueName,
                        workflowSid: workflow?.sid, workflowFriendlyName: workflow?.friendlyName,
                        virtualStartTime: task.virtualStartTime, routingTarget: task.routingTarget?.sid,
                        ignoreCapacity: task.ignoreCapacity, dateCreated: task.createdAt, dateUpdated: task.updatedAt,
                        version: task.version)
    }

    func taskEventData(_ handle: TaskHandle, now: Timestamp) -> EventData {
        let task = tasks[handle]
        var data = EventData()
        data.taskSid = task.sid
        data.taskAttributes = task.attributes
        data.taskAgeSeconds = task.age(at: now)
        data.taskPriority = task.priority
        data.taskAssignmentStatus = task.status
        if task.status == .canceled { data.taskCanceledReason = task.reason }
        if task.status == .completed { data.taskCompletedReason = task.reason }
        if let queue = task.queue, let record = queues.record(at: queue) {
            data.taskQueueSid = record.sid
            data.taskQueueName = record.friendlyName
        }
        data.taskChannelSid = channels[task.channel].sid
        data.taskChannelUniqueName = channels[task.channel].uniqueName
        if let workflow = task.workflow, let record = workflows.record(at: workflow) {
            data.workflowSid = record.sid
            data.workflowName = record.friendlyName
        }
        return data
    }
}
