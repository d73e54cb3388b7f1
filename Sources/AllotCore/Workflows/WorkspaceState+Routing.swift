/// The position from which workflow routing continues.
enum RoutingCursor {
    /// Enter step `step` of filter `filter` (nil: the default filter), with
    /// cumulative deadlines counted from `origin`.
    case step(filter: Int?, step: Int, origin: Timestamp)
    /// Try the filters from index `from` down; then the default filter when
    /// `allowsDefault`; otherwise cancel the task with `endEvent`.
    case searchFilters(from: Int, origin: Timestamp, allowsDefault: Bool, endEvent: EventType)
}

extension WorkspaceState {
    /// Routes a new task: straight to its routing-target worker or queue, or
    /// into its workflow from the first filter. `createdEventData` is the
    /// data of the `task.created` event just emitted, which `workflow.entered`
    /// repeats. Taking it over saves building it again.
    mutating func startRouting(_ handle: TaskHandle, createdEventData: consuming EventData, now: Timestamp) {
        switch tasks[handle].routingTarget {
        case .worker(let sid)?:
            guard let worker = workers.handle(forSid: sid) else { preconditionFailure("routing target \(sid) vanished") }
            updateTask(handle) { $0.placement = .worker(worker) }
            makeMatchableAndOffer(handle, now: now)
        case .taskQueue(let sid)?:
            guard let queue = queues.handle(forSid: sid) else { preconditionFailure("routing target \(sid) vanished") }
            updateTask(handle) { $0.placement = .queue(queue) }
            enterQueue(handle, queue, now: now)
            makeMatchableAndOffer(handle, now: now)
        case .workflow?, nil:
            guard let workflow = tasks[handle].workflow else { preconditionFailure("task \(tasks[handle].sid) has no workflow") }
            emit(.workflowEntered, resource: tasks[handle].eventSid, at: now, consume createdEventData)
            route(handle, workflow: workflows[workflow].compiled,
                  from: .searchFilters(from: 0, origin: tasks[handle].createdAt, allowsDefault: true, endEvent: .workflowSkipped),
                  now: now)
        }
    }

    /// Routes a waiting task again from the first filter (its attributes
    /// changed, now or while it was reserved, or its workflow was
    /// re-evaluated). Age and deadlines still count from its creation.
    mutating func rerouteTask(_ handle: TaskHandle, now: Timestamp) {
        tasks[handle].reroutesWhenWaiting = false
        // A task placed in a queue or with a worker by its RoutingTarget has no filters
        // to go through again, and keeps its reservations.
        guard let workflow = tasks[handle].workflow, case .step = tasks[handle].placement else { return }
        cancelPendingReservations(handle, now: now)
        if endExhaustedAttempts(handle, now: now) { return }
        makeUnmatchable(handle)
        disarm(.stepTimeout(handle))
        route(handle, workflow: workflows[workflow].compiled,
              from: .searchFilters(from: 0, origin: tasks[handle].createdAt, allowsDefault: true, endEvent: .workflowTimeout),
              now: now)
    }

    /// Returns the index of the first filter at or after `start` whose
    /// expression the task satisfies.
    func firstMatchingFilter(_ workflow: CompiledWorkflow, attributes: AttributeValue, from start: Int,
                             now: Timestamp) -> Int? {
        let context = TaskExpressionContext(taskAttributes: attributes, nowUnixMilliseconds: now.unixMilliseconds)
        guard start < workflow.filters.count else { return nil }
        return (start..<workflow.filters.count).first { workflow.filters[$0].expression.evaluate(in: context) }
    }

    /// Runs the routing loop from `cursor` until the task waits in a step,
    /// is reserved, or is canceled. Each pass moves strictly forward through
    /// steps and filters, so the loop ends within the number of steps.
    mutating func route(_ handle: TaskHandle, workflow: CompiledWorkflow, from start: RoutingCursor, now: Timestamp) {
        var cursor = start
        let maximumPasses = workflow.filters.reduce(2) { $0 + $1.steps.count + 1 }
        for _ in 0..<maximumPasses {
            switch cursor {
            case .searchFilters(let from, let origin, let allowsDefault, let endEvent):
                // Every search from a later filter follows a timeout or a skip.
                tasks[handle].leftEntryFilter = from > 0
                if let filter = firstMatchingFilter(workflow, attributes: tasks[handle].attributes, from: from, now: now) {
                    cursor = .step(filter: filter, step: 0, origin: origin)
                } else if allowsDefault, workflow.defaultStep != nil {
                    cursor = .step(filter: nil, step: 0, origin: origin)
                } else {
                    leaveWorkflow(handle, event: endEvent, now: now)
                    return
                }
            case .step(let filter, let stepIndex, let origin):
                guard let next = enterStep(handle, workflow: workflow, filter: filter, step: stepIndex,
                                           origin: origin, now: now) else { return }
                cursor = next
            }
        }
        preconditionFailure("routing of task \(tasks[handle].sid) did not settle in \(maximumPasses) passes")
    }

    /// Returns the cumulative deadline of step `step` of `filter`, or nil for a final step.
    static func stepDeadline(_ workflow: CompiledWorkflow, filter: Int, step: Int, origin: Timestamp) -> Timestamp? {
        let steps = workflow.filters[filter].steps
        guard steps[step].timeoutSeconds != nil else { return nil }
        let total = steps[0...step].reduce(0) { $0 + ($1.timeoutSeconds ?? 0) }
        return origin.adding(seconds: total)
    }

    /// Returns the cursor to continue with after step `step` of `filter` times out.
    static func cursorAfterTimeout(_ workflow: CompiledWorkflow, filter: Int, step: Int, origin: Timestamp,
                                   now: Timestamp) -> RoutingCursor {
        if step + 1 < workflow.filters[filter].steps.count {
            return .step(filter: filter, step: step + 1, origin: origin)
        }
        return .searchFilters(from: filter + 1, origin: now, allowsDefault: false, endEvent: .workflowTimeout)
    }

    /// Enters one step. Returns nil when the task stays there (waiting or
    /// reserved), or the cursor to continue with when the step's deadline has
    /// already passed or its `skip_if` fired.
    mutating func enterStep(_ handle: TaskHandle, workflow: CompiledWorkflow, filter: Int?, step stepIndex: Int,
                            origin: Timestamp, now: Timestamp) -> RoutingCursor? {
        let step = filter.map { workflow.filters[$0].steps[stepIndex] } ?? workflow.defaultStep
        guard let step else { preconditionFailure("default step missing") }
        var deadline: Timestamp?
        if let filter {
            deadline = Self.stepDeadline(workflow, filter: filter, step: stepIndex, origin: origin)
            // A step whose cumulative deadline is already past is passed over.
            if let deadline, deadline <= now {
                return Self.cursorAfterTimeout(workflow, filter: filter, step: stepIndex, origin: origin, now: now)
            }
        }
        makeUnmatchable(handle)
        updateTask(handle) { task in
            task.placement = .step(workflow: workflow, filterIndex: filter, stepIndex: stepIndex)
            task.filterEnteredAt = origin
            if let priority = step.priority { task.priority = priority }
        }
        disarm(.stepTimeout(handle))
        if let deadline { arm(.stepTimeout(handle), at: deadline) }
        var data = taskEventData(handle, now: now)
        data.workflowFilterName = filter.flatMap { workflow.filters[$0].friendlyName } ?? (filter == nil ? "Default Filter" : nil)
        setKnownWorker(&data, of: handle)
        emit(.workflowTargetMatched, resource: tasks[handle].eventSid, at: now, consume data)
        enterQueue(handle, step.queue, now: now)
        watchClock(handle, workflow: workflow, now: now)
        if makeMatchableAndOffer(handle, now: now) > 0 { return nil }
        guard let skipIf = step.skipIf, skipIf.evaluate(in: skipIfContext(step.queue, now: now)) else { return nil }
        return cursorAfterSkip(handle, workflow: workflow, filter: filter, step: stepIndex, origin: origin, now: now)
    }

    /// Where routing goes when `skip_if` skips a step: the next step, or for
    /// the last step the next matching filter and then the default filter.
    mutating func cursorAfterSkip(_ handle: TaskHandle, workflow: CompiledWorkflow, filter: Int?, step: Int,
                                  origin: Timestamp, now: Timestamp) -> RoutingCursor? {
        guard let filter else {
            leaveWorkflow(handle, event: .workflowSkipped, now: now)
            return nil
        }
        if step + 1 < workflow.filters[filter].steps.count {
            return .step(filter: filter, step: step + 1, origin: origin)
        }
        return .searchFilters(from: filter + 1, origin: now, allowsDefault: true, endEvent: .workflowSkipped)
    }

    /// Moves a task into `queue`, emitting `task-queue.moved` when it leaves
    /// another queue and `task-queue.entered`. Staying in the same queue
    /// emits nothing and keeps the queue entry time.
    mutating func enterQueue(_ handle: TaskHandle, _ queue: QueueHandle, now: Timestamp) {
        let previous = tasks[handle].queue
        guard previous != queue else { return }
        makeUnmatchable(handle)
        updateTask(handle) { task in
            task.queue = queue
            task.queueEnteredAt = now
        }
        countInQueue(queue, channel: tasks[handle].channel, at: now) { $0.tasksEntered += 1 }
        if let previous, queues.contains(previous) {
            count(in: StatisticsScopes(queue: previous, workflow: tasks[handle].workflow), channel: tasks[handle].channel, at: now) {
                $0.tasksMoved += 1
            }
            var data = taskEventData(handle, now: now)
            data.setSid(.previousTaskQueue, queues[previous].eventSid)
            setKnownWorker(&data, of: handle)
            emit(.taskQueueMoved, resource: tasks[handle].eventSid, at: now, consume data)
        }
        var data = taskEventData(handle, now: now)
        setKnownWorker(&data, of: handle)
        emit(.taskQueueEntered, resource: tasks[handle].eventSid, at: now, consume data)
    }

    /// Sets `known_worker_sid` on an event of a task whose step routes to a
    /// known worker, when the task's attributes name a worker of the
    /// workspace. Reservation events carry it as well.
    ///
    /// It is always inlined, because an outlined call from a mutating method
    /// copied the whole workspace state.
    @inline(__always)
    func setKnownWorker(_ data: inout EventData, of handle: TaskHandle) {
        guard let reference = tasks[handle].placement.stepKnownWorker,
              let worker = knownWorker(reference, task: tasks[handle]) else { return }
        data.setSid(.knownWorker, workers[worker].eventSid)
    }

    /// Returns the `workers.*` counters of `skip_if` over `queue`'s members.
    func skipIfContext(_ queue: QueueHandle, now: Timestamp) -> SkipIfContext {
        var available = 0
        var unavailable = 0
        var bySid: [String: Int] = [:]
        for (activity, count) in queues[queue].memberCountsByActivity {
            if activities[activity].available { available += count } else { unavailable += count }
            bySid[activities[activity].sid] = count
        }
        return SkipIfContext(availableCount: available, unavailableCount: unavailable, countsByActivitySid: bySid,
                             nowUnixMilliseconds: now.unixMilliseconds)
    }

    /// Fires when a task's step reaches its cumulative deadline: emits
    /// `task-queue.timeout`, withdraws pending reservations, and continues
    /// with the next step or the next matching filter (not the default one).
    mutating func stepTimedOut(_ handle: TaskHandle, now: Timestamp) {
        guard tasks[handle].status.isWaiting,
              case .step(let workflow, let filter?, let stepIndex) = tasks[handle].placement else { return }
        emit(.taskQueueTimeout, resource: tasks[handle].eventSid, at: now, taskEventData(handle, now: now))
        // Attributes changed while the task was reserved: the next step of the old filter
        // may no longer apply, so the task is routed from the start. That withdraws the
        // reservations and checks the attempt limit too.
        if tasks[handle].reroutesWhenWaiting {
            rerouteTask(handle, now: now)
            return
        }
        cancelPendingReservations(handle, now: now)
        if endExhaustedAttempts(handle, now: now) { return }
        let origin = tasks[handle].filterEnteredAt
        route(handle, workflow: workflow,
              from: Self.cursorAfterTimeout(workflow, filter: filter, step: stepIndex, origin: origin, now: now),
              now: now)
    }

    /// Cancels a task that ran out of steps: `workflow.timeout` after the
    /// last step timed out, `workflow.skipped` after it was skipped.
    mutating func leaveWorkflow(_ handle: TaskHandle, event: EventType, now: Timestamp) {
        emit(event, resource: tasks[handle].eventSid, at: now, taskEventData(handle, now: now))
        if event == .workflowTimeout {
            count(in: StatisticsScopes(workflow: tasks[handle].workflow), channel: tasks[handle].channel, at: now) {
                $0.tasksTimedOutInWorkflow += 1
            }
        }
        cancelTask(handle, reason: event == .workflowTimeout ? "Workflow Timeout" : "Workflow Skipped", now: now)
    }
}
