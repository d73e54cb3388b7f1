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
        // Within one scope, a change that keeps the task waiting with the same
        // ages leaves the waiting heaps as they are. Only a scope the task
        // leaves or enters, such as the queue on entering the first one,
        // removes or adds heap entries.
        // Tallies of one kind share their positions, so a task moving
        // between two queues or workflows leaves the first before it enters
        // the second.
        tally.replace(before, with: after, handle: handle, positions: &workspaceTallyPositions)
        if queueBefore == queueAfter {
            if let queue = queueAfter, queues.contains(queue) {
                queues[queue].tally.replace(before, with: after, handle: handle, positions: &queueTallyPositions)
            }
        } else {
            if let queue = queueBefore, queues.contains(queue) {
                queues[queue].tally.apply(before, sign: -1, handle: handle, positions: &queueTallyPositions)
            }
            if let queue = queueAfter, queues.contains(queue) {
                queues[queue].tally.apply(after, sign: 1, handle: handle, positions: &queueTallyPositions)
            }
        }
        if workflowBefore == workflowAfter {
            if let workflow = workflowAfter, workflows.contains(workflow) {
                workflows[workflow].tally.replace(before, with: after, handle: handle, positions: &workflowTallyPositions)
            }
        } else {
            if let workflow = workflowBefore, workflows.contains(workflow) {
                workflows[workflow].tally.apply(before, sign: -1, handle: handle, positions: &workflowTallyPositions)
            }
            if let workflow = workflowAfter, workflows.contains(workflow) {
                workflows[workflow].tally.apply(after, sign: 1, handle: handle, positions: &workflowTallyPositions)
            }
        }
    }

    mutating func applyTallies(_ handle: TaskHandle, entry: TallyEntry, queue: QueueHandle?, workflow: WorkflowHandle?,
                               sign: Int) {
        tally.apply(entry, sign: sign, handle: handle, positions: &workspaceTallyPositions)
        if let queue, queues.contains(queue) {
            queues[queue].tally.apply(entry, sign: sign, handle: handle, positions: &queueTallyPositions)
        }
        if let workflow, workflows.contains(workflow) {
            workflows[workflow].tally.apply(entry, sign: sign, handle: handle, positions: &workflowTallyPositions)
        }
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
        guard tasks[handle].status == .pending, !tasks[handle].isMatchable, hasMatchablePlace(handle) else { return }
        insertMatchable(handle)
    }

    /// Returns whether workers can look for the task where it is placed: with
    /// its routing-target worker, or in its queue under a step that can match
    /// some worker. It is always inlined, because an outlined call from a
    /// mutating method copied the whole workspace state.
    @inline(__always)
    func hasMatchablePlace(_ handle: TaskHandle) -> Bool {
        switch tasks[handle].placement {
        case .none: false
        case .worker: true
        case .step, .queue: tasks[handle].queue != nil && !stepMatchesNobody(handle)
        }
    }

    /// Puts a pending task that `hasMatchablePlace` accepts into its queue's
    /// pending heap for its channel, or its routing-target worker's direct
    /// list, and marks it matchable.
    ///
    /// - Complexity: O(log n).
    mutating func insertMatchable(_ handle: TaskHandle) {
        let priority = tasks[handle].priority
        let virtualStartTime = tasks[handle].virtualStartTime
        let sequence = tasks[handle].sequence
        switch tasks[handle].placement {
        case .none:
            preconditionFailure("task \(tasks[handle].sid) has no place to be matched in")
        case .worker(let worker):
            let key = TaskOrderKey.fifo(priority: priority, virtualStartTime: virtualStartTime, sequence: sequence)
            workers[worker].directTasks.upsert(handle, key: key)
        case .step, .queue:
            guard let queue = tasks[handle].queue else { preconditionFailure("task \(tasks[handle].sid) has no queue") }
            let key = queues[queue].orderKey(priority: priority, virtualStartTime: virtualStartTime, sequence: sequence)
            queues[queue].pendingTasks[tasks[handle].channel.index, default: IndexedHeap()].upsert(handle, key: key)
        }
        tasks[handle].isMatchable = true
    }

    /// Returns `stepMatchesNobody(_:)` of the task's step. It is always
    /// inlined, because an outlined call from a mutating method copied the
    /// whole workspace state.
    @inline(__always)
    private func stepMatchesNobody(_ handle: TaskHandle) -> Bool {
        guard case .step(let workflow, let filterIndex, let stepIndex) = tasks[handle].placement else { return false }
        guard let filterIndex else { return workflow.defaultStep?.expression?.isContradiction ?? false }
        return workflow.filters[filterIndex].steps[stepIndex].expression?.isContradiction ?? false
    }

    /// Takes a task out of the pending heap or direct list it is in.
    ///
    /// - Complexity: O(log n).
    mutating func makeUnmatchable(_ handle: TaskHandle) {
        guard tasks[handle].isMatchable else { return }
        switch tasks[handle].placement {
        case .worker(let worker):
            workers[worker].directTasks.remove(handle)
        default:
            if let queue = tasks[handle].queue {
                queues[queue].removePendingTask(handle, channel: tasks[handle].channel.index)
            }
        }
        tasks[handle].isMatchable = false
    }

    /// Queues a worker to look for waiting tasks when the operation settles.
    mutating func markForMatching(_ worker: WorkerHandle) {
        workersToMatch.append(worker)
    }

    /// Lets every worker marked during the operation look for waiting tasks.
    /// When several were marked, they take tasks in idle order (see
    /// `matchWorkersInIdleOrder`), because the order of marking does not
    /// follow how long each worker has been idle.
    mutating func settle(now: Timestamp) {
        var seen = SeenWorkers()
        var index = 0
        while index < workersToMatch.count {
            let start = index
            index = workersToMatch.count
            // One marked worker, the common case, needs no batch array.
            if index - start == 1 {
                let worker = workersToMatch[start]
                if seen.insert(worker), workers.contains(worker) { matchWorker(worker, now: now) }
                continue
            }
            var batch: [WorkerHandle] = []
            for worker in workersToMatch[start..<index] where seen.insert(worker) && workers.contains(worker) {
                batch.append(worker)
            }
            if batch.count == 1 {
                matchWorker(batch[0], now: now)
            } else if batch.count > 1 {
                matchWorkersInIdleOrder(batch, now: now)
            }
        }
        // The array keeps its storage, because a completion marks its worker
        // in every cycle and allocating the array anew each time cost about
        // 350 instructions. Elements are popped one by one, because
        // `removeAll(keepingCapacity:)` goes through `replaceSubrange`,
        // which cost more than popping the one or two marked workers.
        while workersToMatch.popLast() != nil {}
    }

    func taskHandle(_ sid: String, field: String) throws(EngineError) -> TaskHandle {
        guard let handle = tasks.handle(forSid: sid) else { throw EngineError.unknown("task", sid: sid, field: field) }
        return handle
    }

    /// Returns the task as the API returns it.
    ///
    /// It is always inlined, because an outlined call from a mutating method
    /// copied the whole workspace state to pass it as `self`.
    @inline(__always)
    func taskInfo(_ handle: TaskHandle, now: Timestamp) -> TaskInfo {
        // Fields are read in place: copying the task, its queue or its
        // workflow retained every reference in them.
        let queue = tasks[handle].queue.flatMap { queues.contains($0) ? $0 : nil }
        let workflow = tasks[handle].workflow.flatMap { workflows.contains($0) ? $0 : nil }
        let channel = tasks[handle].channel
        return TaskInfo(sidStorage: tasks.infoSid(at: handle), workspaceSid: settings.sid, accountSid: settings.accountSid,
                        attributes: tasks[handle].attributes, assignmentStatus: tasks[handle].status,
                        priority: tasks[handle].priority, ageSeconds: tasks[handle].age(at: now),
                        timeoutSeconds: tasks[handle].timeoutSeconds, reason: tasks[handle].reason,
                        taskQueueSid: queue.map { queues[$0].sid }, taskQueueFriendlyName: queue.map { queues[$0].friendlyName },
                        taskQueueEnteredDate: queue == nil ? nil : tasks[handle].queueEnteredAt,
                        taskChannelSid: channels[channel].sid, taskChannelUniqueName: channels[channel].uniqueName,
                        workflowSid: workflow.map { workflows[$0].sid },
                        workflowFriendlyName: workflow.map { workflows[$0].friendlyName },
                        virtualStartTime: tasks[handle].virtualStartTime, routingTarget: tasks[handle].routingTarget?.sid,
                        ignoreCapacity: tasks[handle].ignoreCapacity, dateCreated: tasks[handle].createdAt,
                        dateUpdated: tasks[handle].updatedAt, version: tasks[handle].version)
    }

    /// Returns the data of an event about the task.
    ///
    /// It is always inlined, like `setTaskEventFields`, because an outlined
    /// call from a mutating method copied the whole workspace state.
    @inline(__always)
    func taskEventData(_ handle: TaskHandle, now: Timestamp) -> EventData {
        EventData { fields in setTaskEventFields(&fields, handle, now: now) }
    }

    /// Sets the task fields of an event about `handle`, for builders that add more.
    @inline(__always)
    func setTaskEventFields(_ fields: inout EventData.Fields, _ handle: TaskHandle, now: Timestamp) {
        let status = tasks[handle].status
        fields.taskSid = tasks[handle].eventSid
        fields.taskAttributes = tasks[handle].attributes
        fields.taskAgeSeconds = tasks[handle].age(at: now)
        fields.taskPriority = tasks[handle].priority
        fields.taskAssignmentStatus = status
        if status == .canceled { fields.taskCanceledReason = tasks[handle].reason }
        if status == .completed { fields.taskCompletedReason = tasks[handle].reason }
        if let queue = tasks[handle].queue, queues.contains(queue) {
            fields.taskQueueSid = queues[queue].eventSid
            fields.taskQueueName = queues[queue].friendlyName
        }
        let channel = tasks[handle].channel
        fields.taskChannelSid = channels[channel].eventSid
        fields.taskChannelUniqueName = channels[channel].uniqueName
        if let workflow = tasks[handle].workflow, workflows.contains(workflow) {
            fields.workflowSid = workflows[workflow].eventSid
            fields.workflowName = workflows[workflow].friendlyName
        }
    }
}

/// The workers one `settle(now:)` has matched. The first is kept apart,
/// because most calls mark one worker and a set allocated storage for it.
struct SeenWorkers {
    private var first: WorkerHandle?
    private var others = Set<WorkerHandle>()

    /// Adds `worker` and returns whether it was not seen before.
    mutating func insert(_ worker: WorkerHandle) -> Bool {
        guard let first else {
            first = worker
            return true
        }
        if first == worker { return false }
        return others.insert(worker).inserted
    }
}
