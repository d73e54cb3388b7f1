/// Workflow routing of the reference model: filters top to bottom, steps
/// with cumulative deadlines counted from the filter's origin, `skip_if`
/// only when a step reserved no worker on entry.
extension ReferenceModel {
    func firstMatchingFilter(_ attributes: ReferenceAttributes, from start: Int) -> Int? {
        (start..<max(start, configuration.filters.count)).first { configuration.filters[$0].condition.isTrue(for: attributes) }
    }

    /// Runs routing from `cursor` until the task waits, is reserved or is canceled.
    mutating func route(_ task: Int, from start: Cursor) {
        var cursor = start
        // Every pass moves forward through steps and filters.
        for _ in 0..<100 {
            switch cursor {
            case .searchFilters(let from, let origin, let allowsDefault, let endReason):
                if let filter = firstMatchingFilter(tasks[task].attributes, from: from) {
                    cursor = .step(filter: filter, step: 0, origin: origin)
                } else if allowsDefault, configuration.defaultStep != nil {
                    cursor = .step(filter: nil, step: 0, origin: origin)
                } else {
                    cancelTask(task, reason: endReason)
                    return
                }
            case .step(let filter, let step, let origin):
                guard let next = enterStep(task, filter: filter, step: step, origin: origin) else { return }
                cursor = next
            }
        }
        preconditionFailure("routing of task \(task) did not end")
    }

    /// Returns the cumulative deadline of a filter step, or nil for a step without a timeout.
    func stepDeadline(filter: Int, step: Int, origin: Int) -> Int? {
        let steps = configuration.filters[filter].steps
        guard steps[step].timeoutSeconds != nil else { return nil }
        return origin + steps[0...step].reduce(0) { $0 + ($1.timeoutSeconds ?? 0) }
    }

    func cursorAfterTimeout(filter: Int, step: Int, origin: Int) -> Cursor {
        if step + 1 < configuration.filters[filter].steps.count {
            return .step(filter: filter, step: step + 1, origin: origin)
        }
        return .searchFilters(from: filter + 1, origin: now, allowsDefault: false, endReason: "Workflow Timeout")
    }

    /// Enters a step and returns where routing continues when the step's
    /// deadline has passed already or its `skip_if` fired, or nil when the task stays.
    mutating func enterStep(_ task: Int, filter: Int?, step: Int, origin: Int) -> Cursor? {
        let target = configuration.step(filter: filter, step: step)
        var deadline: Int?
        if let filter {
            deadline = stepDeadline(filter: filter, step: step, origin: origin)
            if let deadline, deadline <= now {
                ruleCounts["passed-over step", default: 0] += 1
                return cursorAfterTimeout(filter: filter, step: step, origin: origin)
            }
        }
        tasks[task].placement = .step(filter: filter, step: step)
        tasks[task].filterOrigin = origin
        if let priority = target.priority { tasks[task].priority = priority }
        disarm(.stepTimeout(task: task))
        if let deadline { arm(.stepTimeout(task: task), at: deadline) }
        let queue = configuration.queue(filter: filter, step: step)
        tasks[task].queue = queue
        if offerTask(task) > 0 { return nil }
        guard let skipIf = target.skipIf, skipApplies(skipIf, queue: queue) else { return nil }
        ruleCounts["skip_if skipped a step", default: 0] += 1
        guard let filter else {
            cancelTask(task, reason: "Workflow Skipped")
            return nil
        }
        if step + 1 < configuration.filters[filter].steps.count {
            return .step(filter: filter, step: step + 1, origin: origin)
        }
        return .searchFilters(from: filter + 1, origin: now, allowsDefault: true, endReason: "Workflow Skipped")
    }

    func skipApplies(_ condition: SkipCondition, queue: Int) -> Bool {
        switch condition {
        case .always:
            return true
        case .noMemberAvailable:
            return !workers.indices.contains { isMember($0, of: queue) && activities[workers[$0].activity].available }
        }
    }

    /// Handles a filter step's deadline: withdraws pending reservations and
    /// moves to the next step, or to the next matching filter (not the default one).
    mutating func stepTimedOut(_ task: Int) {
        guard tasks[task].status.isWaiting, case .step(let filter?, let step) = tasks[task].placement else { return }
        ruleCounts[tasks[task].status == .reserved ? "step timed out while reserved" : "step timed out while pending", default: 0] += 1
        cancelPendingReservations(task)
        if endExhaustedAttempts(task) { return }
        if tasks[task].reroutesWhenWaiting {
            reroute(task)
            return
        }
        route(task, from: cursorAfterTimeout(filter: filter, step: step, origin: tasks[task].filterOrigin))
    }

    /// Cancels a task that waits again after its last allowed assignment
    /// attempt. Returns whether it did.
    mutating func endExhaustedAttempts(_ task: Int) -> Bool {
        guard tasks[task].assignmentCount >= configuration.maximumAssignmentCount else { return false }
        ruleCounts["attempts used up when reservations were withdrawn", default: 0] += 1
        cancelTask(task, reason: "Max assignment count exceeded")
        return true
    }

    /// Routes a task again from the first filter, with deadlines still counted
    /// from its creation.
    mutating func reroute(_ task: Int) {
        tasks[task].reroutesWhenWaiting = false
        if endExhaustedAttempts(task) { return }
        disarm(.stepTimeout(task: task))
        route(task, from: .searchFilters(from: 0, origin: tasks[task].createdAt, allowsDefault: true,
                                         endReason: "Workflow Timeout"))
    }
}
