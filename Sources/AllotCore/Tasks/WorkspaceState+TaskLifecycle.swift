extension WorkspaceState {
    /// Cancels a waiting task: its pending reservations are canceled, it
    /// leaves its queue, and it is kept for reading until retention ends.
    mutating func cancelTask(_ handle: TaskHandle, reason: String?, now: Timestamp) {
        precondition(tasks[handle].status.isWaiting, "canceling task \(tasks[handle].sid) in \(tasks[handle].status)")
        cancelPendingReservations(handle, now: now)
        makeUnmatchable(handle)
        updateTask(handle) { task in
            task.status = .canceled
            task.reason = reason
            task.updatedAt = now
            task.version += 1
        }
        disarm(.taskTimeToLive(handle))
        disarm(.stepTimeout(handle))
        arm(.retention(handle), at: now.adding(seconds: limits.finishedTaskRetentionSeconds))
        let waited = now.milliseconds(since: tasks[handle].createdAt)
        let channel = tasks[handle].channel
        count(in: scopes(of: handle), channel: channel, at: now) { counters in
            counters.tasksCanceled += 1
            counters.waitUntilCanceled.record(milliseconds: waited)
        }
        countWait(in: scopes(of: handle), channel: channel, at: now) { $0.recordCancellation(waitMilliseconds: waited) }
        emit(.taskCanceled, resource: tasks[handle].eventSid, at: now, taskEventData(handle, now: now))
    }

    /// Moves an assigned task and its accepted reservation to wrapping.
    mutating func wrapTask(_ handle: TaskHandle, reason: String?, now: Timestamp) {
        guard let reservation = tasks[handle].acceptedReservation else {
            preconditionFailure("assigned task \(tasks[handle].sid) has no accepted reservation")
        }
        updateTask(handle) { task in
            task.status = .wrapping
            if let reason { task.reason = reason }
            task.updatedAt = now
            task.version += 1
        }
        reservations[reservation].status = .wrapping
        reservations[reservation].updatedAt = now
        reservations[reservation].version += 1
        emit(.taskWrapup, resource: tasks[handle].eventSid, at: now, taskEventData(handle, now: now))
        emit(.reservationWrapup, resource: reservations[reservation].eventSid, at: now,
             reservationEventData(reservation, now: now))
    }

    /// Completes an assigned or wrapping task, freeing one unit of its
    /// worker's channel capacity. The worker's activity does not change.
    mutating func completeTask(_ handle: TaskHandle, reason: String?, now: Timestamp) {
        guard let reservation = tasks[handle].acceptedReservation else {
            preconditionFailure("assigned task \(tasks[handle].sid) has no accepted reservation")
        }
        releaseCapacity(reservation)
        reservations[reservation].status = .completed
        reservations[reservation].updatedAt = now
        reservations[reservation].version += 1
        updateTask(handle) { task in
            task.status = .completed
            task.reason = reason
            task.updatedAt = now
            task.version += 1
        }
        disarm(.assignedLifetime(handle))
        arm(.retention(handle), at: now.adding(seconds: limits.finishedTaskRetentionSeconds))
        count(in: scopes(of: handle), channel: tasks[handle].channel, at: now) { $0.tasksCompleted += 1 }
        emit(.taskCompleted, resource: tasks[handle].eventSid, at: now, taskEventData(handle, now: now))
        emit(.reservationCompleted, resource: reservations[reservation].eventSid, at: now,
             reservationEventData(reservation, now: now))
    }

    /// Removes a task and its reservations from every structure, releasing
    /// any capacity they hold. Emits nothing; callers emit the reason.
    mutating func removeTask(_ handle: TaskHandle) {
        makeUnmatchable(handle)
        for reservation in tasks[handle].reservations {
            if reservations[reservation].status.holdsCapacity { releaseCapacity(reservation) }
            let worker = reservations[reservation].worker
            if workers.sidValue(at: worker) == reservations[reservation].workerSidValue {
                removeStoredReservation(reservation, of: worker)
            }
            disarm(.reservationTimeout(reservation))
            reservations.remove(reservation)
        }
        if !tasks[handle].status.isFinished {
            applyTallies(handle, entry: tasks[handle].tallyEntry, queue: tasks[handle].queue,
                         workflow: tasks[handle].workflow, sign: -1)
        }
        for timer in [TimerID.taskTimeToLive(handle), .stepTimeout(handle), .assignedLifetime(handle), .retention(handle)] {
            disarm(timer)
        }
        tasks.remove(handle)
    }

    /// Removes a reservation from its worker's stored list, which is in
    /// creation order. Tasks are mostly removed oldest first, so the search
    /// usually stops at the front, and the removal then shifts the rest down.
    ///
    /// - Complexity: O(k) for k stored reservations of the worker.
    private mutating func removeStoredReservation(_ reservation: ReservationHandle, of worker: WorkerHandle) {
        guard let position = workers[worker].reservations.firstIndex(of: reservation) else { return }
        workers[worker].reservations.remove(at: position)
    }

    /// Fires when an assigned or wrapping task outlives the assigned-task
    /// lifetime: the system deletes it and emits `task.system-deleted`.
    mutating func assignedLifetimeEnded(_ handle: TaskHandle, now: Timestamp) {
        let data = taskEventData(handle, now: now)
        let sid = tasks[handle].sid
        removeTask(handle)
        emit(.taskSystemDeleted, resourceSid: sid, at: now, consume data)
    }
}
