extension WorkspaceState {
    /// Fires every timer due at or before `now`, in deadline order. Each
    /// fires as of its own deadline, so the resulting state does not depend
    /// on how often the caller advances time.
    ///
    /// - Complexity: O(f log t) for f fired timers out of t armed, plus the
    ///   work each one causes.
    ///
    /// It is never inlined. The engine calls it before every command, and
    /// inlined there it made the engine's generic command wrapper too large
    /// to inline, which copied every command's result one more time.
    @inline(never)
    mutating func fireDueTimers(upTo now: Timestamp) {
        // Bound the work per call: a burst beyond it is finished by the next call,
        // which `nextDeadline` requests at once.
        let maximumFiredPerCall = 1_000_000
        var fired = 0
        isFiringTimers = true
        defer { isFiringTimers = false }
        while fired < maximumFiredPerCall, let next = timers.popMin(dueBy: now) {
            fire(next.id, at: next.key.deadline)
            settle(now: next.key.deadline)
            fired += 1
        }
    }

    private mutating func fire(_ timer: TimerID, at now: Timestamp) {
        switch timer {
        case .taskTimeToLive(let task):
            guard tasks.contains(task), tasks[task].status.isWaiting else { return }
            cancelTask(task, reason: "Task TTL Exceeded", now: now)
        case .stepTimeout(let task):
            guard tasks.contains(task) else { return }
            stepTimedOut(task, now: now)
        case .assignedLifetime(let task):
            guard tasks.contains(task) else { return }
            assignedLifetimeEnded(task, now: now)
        case .retention(let task):
            guard tasks.contains(task) else { return }
            removeTask(task)
        case .reservationTimeout(let reservation):
            guard reservations.contains(reservation) else { return }
            reservationTimedOut(reservation, now: now)
        case .clockMinute:
            clockMinuteStarted(now: now)
        }
    }
}
