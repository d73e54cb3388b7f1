extension WorkspaceState {
    /// Milliseconds in one minute, the resolution of every `taskrouter.*` key.
    static let millisecondsPerMinute: Int64 = 60_000

    /// Returns the start of the first UTC minute after `now`, or nil in the
    /// last minute of `Int64` milliseconds, which has no next one.
    static func nextMinute(after now: Timestamp) -> Timestamp? {
        let minute = now.unixMilliseconds.floorDivided(by: millisecondsPerMinute)
        let (start, overflow) = (minute + 1).multipliedReportingOverflow(by: millisecondsPerMinute)
        return overflow ? nil : Timestamp(unixMilliseconds: start)
    }

    /// Notes that `task` now waits under `workflow`, a document that reads
    /// the clock, and arms the minute timer unless it is armed already.
    mutating func watchClock(_ task: TaskHandle, workflow: CompiledWorkflow, now: Timestamp) {
        guard workflow.readsClock, let owner = tasks[task].workflow else { return }
        clockWatchedWorkflows.insert(owner)
        if !timers.contains(.clockMinute), let next = Self.nextMinute(after: now) { arm(.clockMinute, at: next) }
    }

    /// Fires at the start of each UTC minute while tasks wait under a
    /// routing document that reads the clock, so that a target or filter
    /// that becomes true at 09:00 routes its tasks at 09:00 without another
    /// event. Pending tasks are re-checked in the order a worker takes them,
    /// so that the best of them gets a scarce worker. Reserved ones are left
    /// to their reservations but keep the timer armed.
    ///
    /// Cost per minute: O(t log t) to sort the t waiting tasks of the
    /// watched workflows. Each pending one also costs an
    /// evaluation of its document's filters, and one offer to the queue's
    /// ready workers when its target reads the clock. Workflows whose
    /// documents do not read the clock cost nothing, and the timer stops
    /// when no such task waits.
    mutating func clockMinuteStarted(now: Timestamp) {
        var stillWatched = false
        let watched = clockWatchedWorkflows.sorted { workflows[$0].sequence < workflows[$1].sequence }
        for workflow in watched {
            guard workflows.contains(workflow) else {
                clockWatchedWorkflows.remove(workflow)
                continue
            }
            var waiting: [TaskHandle] = []
            workflows[workflow].tally.waitingByAge.forEachInOrder { entry in
                waiting.append(entry.id)
                return true
            }
            waiting.sort { takesBefore($0, $1) }
            var found = false
            for task in waiting where tasks.contains(task) && tasks[task].status.isWaiting {
                guard case .step(let document, _, _) = tasks[task].placement, document.readsClock else { continue }
                found = true
                if tasks[task].status == .pending { recheckClockRouting(task, now: now) }
            }
            if found { stillWatched = true } else { clockWatchedWorkflows.remove(workflow) }
        }
        if stillWatched, let next = Self.nextMinute(after: now) { arm(.clockMinute, at: next) }
    }

    /// Routes a pending task again when the filter it belongs in changed
    /// with the time, or offers it again when its step's target reads the
    /// clock.
    ///
    /// Filters are re-checked only while the task is in the filter it was
    /// given on entering the workflow, so a task that moved to a later
    /// filter after a timeout or a skip stays there. When no filter and no default filter
    /// matches any more, the task stays where it is rather than being canceled.
    private mutating func recheckClockRouting(_ task: TaskHandle, now: Timestamp) {
        guard case .step(let document, let filter, let step) = tasks[task].placement else { return }
        let record = tasks[task]
        if document.filtersReadClock, !record.leftEntryFilter {
            let match = firstMatchingFilter(document, attributes: record.attributes, from: 0, now: now)
            let routable = match != nil || document.defaultStep != nil
            if routable, match != filter {
                makeUnmatchable(task)
                disarm(.stepTimeout(task))
                route(task, workflow: document,
                      from: .searchFilters(from: 0, origin: record.createdAt, allowsDefault: true, endEvent: .workflowTimeout),
                      now: now)
                return
            }
        }
        if document.stepReadsClock(filter: filter, step: step) { offerTask(task, now: now) }
    }
}

extension Int64 {
    /// Division rounded towards negative infinity, so that instants before
    /// 1970 land in the right minute.
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
