extension WorkspaceState {
    /// Reserves `selected` workers for a pending task at once: one
    /// `reservation.created` each, the task becomes reserved, and the batch
    /// counts as one assignment attempt.
    mutating func createReservations(_ handle: TaskHandle, workers selected: [WorkerHandle], now: Timestamp) {
        precondition(tasks[handle].status == .pending, "reserving task \(tasks[handle].sid) in \(tasks[handle].status)")
        makeUnmatchable(handle)
        // The task is reserved before the reservations are created, so that
        // their events carry the task's new status.
        updateTask(handle) { task in
            task.status = .reserved
            task.assignmentCount += 1
            task.updatedAt = now
            task.version += 1
        }
        for worker in selected { createReservation(handle, worker: worker, now: now) }
    }

    private mutating func createReservation(_ handle: TaskHandle, worker: WorkerHandle, now: Timestamp) {
        let queue = tasks[handle].queue
        let workflow = tasks[handle].workflow
        let channel = tasks[handle].channel
        let timeout = workflow.map { workflows[$0].taskReservationTimeoutSeconds } ?? limits.defaultReservationTimeoutSeconds
        let sidValue = sids.nextValue()
        let record = ReservationRecord(sidValue: sidValue, sequence: takeSequence(), task: handle, worker: worker,
                                       workerSidValue: workers[worker].sidValue, workerName: workers[worker].friendlyName,
                                       queue: queue, workflow: workflow,
                                       queueSidValue: queue.map { queues[$0].sidValue },
                                       workflowSidValue: workflow.map { workflows[$0].sidValue }, channel: channel,
                                       createdAt: now, updatedAt: now, previousActivity: workers[worker].activity,
                                       timeoutSeconds: timeout)
        let reservation = reservations.insert(record)
        tasks[handle].reservations.append(reservation)
        tasks[handle].pendingReservationCount += 1
        let ticket = takeIdleTicket()
        workers[worker].activeReservations.append(reservation)
        workers[worker].reservations.append(reservation)
        workers[worker].idleTicket = ticket
        workers[worker].updateChannel(channel) { state in
            state.activeCount += 1
            state.idleTicket = ticket
        }
        arm(.reservationTimeout(reservation), at: now.adding(seconds: timeout))
        count(reservation, at: now) { $0.reservationsCreated += 1 }
        emit(.reservationCreated, resource: EventSid(sidValue, .reservation), at: now,
             reservationEventData(reservation, now: now))
        if !settings.multiTaskEnabled, let queue, let activity = queues[queue].reservationActivity {
            changeActivity(worker, to: activity, now: now)
        }
        refreshReadiness(worker)
    }

    /// Applies `body` to the counters of every scope of a reservation:
    /// workspace, queue, workflow and worker.
    mutating func count(_ reservation: ReservationHandle, at now: Timestamp, _ body: (inout CumulativeCounters) -> Void) {
        let worker = reservations[reservation].worker
        let current = workers.sidValue(at: worker) == reservations[reservation].workerSidValue ? worker : nil
        let scopes = StatisticsScopes(queue: reservations[reservation].queue, workflow: reservations[reservation].workflow,
                                      worker: current)
        count(in: scopes, channel: reservations[reservation].channel, at: now, body)
    }

    /// Releases the capacity a reservation holds on its worker's channel.
    mutating func releaseCapacity(_ reservation: ReservationHandle) {
        let status = reservations[reservation].status
        precondition(status.holdsCapacity, "reservation \(reservations[reservation].sid) holds no capacity")
        let worker = reservations[reservation].worker
        workers[worker].activeReservations.removeAll { $0 == reservation }
        workers[worker].updateChannel(reservations[reservation].channel) { state in
            state.activeCount -= 1
            if status != .pending { state.assignedCount -= 1 }
        }
        refreshReadiness(worker)
        markForMatching(worker)
    }

    /// Ends a pending reservation without acceptance as `status` (rejected,
    /// timeout, canceled or rescinded), moving the worker to `activity` when
    /// given. The task's state is left to the caller.
    mutating func endPending(_ reservation: ReservationHandle, as status: ReservationStatus,
                             activity: ActivityHandle?, now: Timestamp) {
        precondition(reservations[reservation].status == .pending, "ending a non-pending reservation")
        releaseCapacity(reservation)
        reservations[reservation].status = status
        reservations[reservation].updatedAt = now
        reservations[reservation].version += 1
        disarm(.reservationTimeout(reservation))
        let task = reservations[reservation].task
        tasks[task].pendingReservationCount -= 1
        // A reject or timeout that ends the last pending reservation makes the task
        // pending before the event, so that the event carries the task's new status.
        if status == .rejected || status == .timeout, tasks[task].status == .reserved,
           tasks[task].pendingReservationCount == 0 {
            makePendingAgain(task, now: now)
        }
        let event: EventType
        switch status {
        case .rejected: event = .reservationRejected; count(reservation, at: now) { $0.reservationsRejected += 1 }
        case .timeout: event = .reservationTimeout; count(reservation, at: now) { $0.reservationsTimedOut += 1 }
        case .canceled: event = .reservationCanceled; count(reservation, at: now) { $0.reservationsCanceled += 1 }
        case .rescinded: event = .reservationRescinded; count(reservation, at: now) { $0.reservationsRescinded += 1 }
        default: preconditionFailure("\(status) does not end a pending reservation")
        }
        emit(event, resource: reservations[reservation].eventSid, at: now, reservationEventData(reservation, now: now))
        if let activity { changeActivity(reservations[reservation].worker, to: activity, now: now) }
    }

    /// Returns the activity to restore when a reservation is withdrawn (rescinded or
    /// canceled): the pre-reservation activity in single-tasking workspaces,
    /// none in multitasking ones.
    func withdrawalActivity(_ reservation: ReservationHandle) -> ActivityHandle? {
        settings.multiTaskEnabled ? nil : reservations[reservation].previousActivity
    }

    /// Rejects a pending reservation. The worker moves to `activity`, or by
    /// default back to its activity before the reservation. The task is
    /// offered again once no other reservation of it is pending.
    mutating func rejectPending(_ reservation: ReservationHandle, activity: ActivityHandle?, now: Timestamp) {
        let target = activity ?? reservations[reservation].previousActivity
        endPending(reservation, as: .rejected, activity: target, now: now)
        let task = reservations[reservation].task
        if !configuration.reofferRejectedTasks { tasks[task].rejectedBy.insert(reservations[reservation].workerSid) }
        reservationEndedUnaccepted(reservation, now: now)
    }

    /// Fires when a reservation's timeout passes: status timeout, the worker
    /// moves to the workspace's timeout activity (in both modes).
    mutating func reservationTimedOut(_ reservation: ReservationHandle, now: Timestamp) {
        guard reservations[reservation].status == .pending else { return }
        endPending(reservation, as: .timeout, activity: settings.timeoutActivity, now: now)
        reservationEndedUnaccepted(reservation, now: now)
    }

    /// Withdraws every pending reservation of a task (step timeout, cancel,
    /// re-routing) and makes a reserved task pending again without offering it.
    mutating func cancelPendingReservations(_ handle: TaskHandle, now: Timestamp) {
        for reservation in tasks[handle].reservations where reservations[reservation].status == .pending {
            endPending(reservation, as: .canceled, activity: withdrawalActivity(reservation), now: now)
        }
        if tasks[handle].status == .reserved {
            makePendingAgain(handle, now: now)
        }
    }

    /// Moves a reserved task back to pending. That is a change of the task like any other,
    /// so it takes a new version, and a client holding the reserved version fails its
    /// `if_match_version` check.
    private mutating func makePendingAgain(_ handle: TaskHandle, now: Timestamp) {
        updateTask(handle) { task in
            task.status = .pending
            task.updatedAt = now
            task.version += 1
        }
    }

    /// After `reservation` was rejected or timed out: once none of the task's
    /// reservations is pending, the task is pending again and is offered to
    /// other workers, or routed again when its attributes changed while it
    /// was reserved, unless it reached the assignment limit or was routed to
    /// one worker. Those two end its assignment attempts: `reservation.failed`
    /// for the reservation that ended last, then the task is canceled.
    mutating func reservationEndedUnaccepted(_ reservation: ReservationHandle, now: Timestamp) {
        let handle = reservations[reservation].task
        // `endPending` already made the task pending when this was its last pending reservation.
        guard tasks[handle].status == .pending, tasks[handle].pendingReservationCount == 0 else { return }
        if tasks[handle].assignmentCount >= limits.maximumAssignmentCount {
            failAssignment(reservation, reason: "Max assignment count exceeded", now: now)
            return
        }
        if case .worker = tasks[handle].placement {
            failAssignment(reservation, reason: "Routing target worker did not accept the task", now: now)
            return
        }
        if tasks[handle].reroutesWhenWaiting {
            rerouteTask(handle, now: now)
            return
        }
        makeMatchable(handle)
        offerTask(handle, now: now)
    }

    /// Cancels a task that waits again after its last allowed assignment
    /// attempt, as `reservationEndedUnaccepted` does, when a step timeout or a
    /// re-route withdrew that attempt's reservations. Returns whether it did.
    mutating func endExhaustedAttempts(_ handle: TaskHandle, now: Timestamp) -> Bool {
        guard tasks[handle].assignmentCount >= limits.maximumAssignmentCount,
              let last = tasks[handle].reservations.last else { return false }
        failAssignment(last, reason: "Max assignment count exceeded", now: now)
        return true
    }

    /// Emits `reservation.failed` for the reservation whose end left its task
    /// without a worker, then cancels the task with `reason`. The event
    /// carries the task, queue, workflow and reservation, and no worker
    /// fields, because no worker holds the task.
    private mutating func failAssignment(_ reservation: ReservationHandle, reason: String, now: Timestamp) {
        let handle = reservations[reservation].task
        var data = taskEventData(handle, now: now)
        data.setSid(.reservation, reservations[reservation].eventSid)
        emit(.reservationFailed, resource: reservations[reservation].eventSid, at: now, consume data)
        cancelTask(handle, reason: reason, now: now)
    }

    /// Accepts a pending reservation: the task is assigned to its worker and
    /// the task's other pending reservations are rescinded.
    mutating func acceptPending(_ reservation: ReservationHandle, now: Timestamp) {
        let task = reservations[reservation].task
        let worker = reservations[reservation].worker
        let queue = reservations[reservation].queue
        reservations[reservation].status = .accepted
        reservations[reservation].updatedAt = now
        reservations[reservation].version += 1
        disarm(.reservationTimeout(reservation))
        tasks[task].pendingReservationCount -= 1
        let ticket = takeIdleTicket()
        workers[worker].idleTicket = ticket
        workers[worker].updateChannel(reservations[reservation].channel) { state in
            state.assignedCount += 1
            state.idleTicket = ticket
        }
        let waited = now.milliseconds(since: tasks[task].createdAt)
        count(reservation, at: now) { counters in
            counters.reservationsAccepted += 1
            counters.waitUntilAccepted.record(milliseconds: waited)
        }
        countWait(in: StatisticsScopes(queue: queue, workflow: reservations[reservation].workflow),
                  channel: reservations[reservation].channel, at: now) {
            $0.recordAcceptance(waitMilliseconds: waited)
        }
        if let queue, queues.contains(queue) {
            let inQueue = now.milliseconds(since: tasks[task].queueEnteredAt)
            countInQueue(queue, channel: reservations[reservation].channel, at: now) {
                $0.waitInQueueUntilAccepted.record(milliseconds: inQueue)
            }
        }
        // The task is assigned before the events, so that they carry its new status.
        updateTask(task) { task in
            task.status = .assigned
            task.acceptedReservation = reservation
            task.assignedAt = now
            task.updatedAt = now
            task.version += 1
        }
        emit(.reservationAccepted, resource: reservations[reservation].eventSid, at: now, reservationEventData(reservation, now: now))
        for other in tasks[task].reservations where reservations[other].status == .pending {
            endPending(other, as: .rescinded, activity: withdrawalActivity(other), now: now)
        }
        disarm(.taskTimeToLive(task))
        disarm(.stepTimeout(task))
        arm(.assignedLifetime(task), at: now.adding(seconds: limits.assignedTaskLifetimeSeconds))
        if !settings.multiTaskEnabled, let queue, queues.contains(queue),
           let activity = queues[queue].assignmentActivity {
            changeActivity(worker, to: activity, now: now)
        }
        refreshReadiness(worker)
    }

    func reservationHandle(_ sid: String, field: String) throws(EngineError) -> ReservationHandle {
        guard let handle = reservations.handle(forSid: sid) else { throw EngineError.unknown("reservation", sid: sid, field: field) }
        return handle
    }

    func reservationInfo(_ handle: ReservationHandle) -> ReservationInfo {
        // Fields are read in place, and SIDs formatted from their bits here:
        // copying the reservation or its task, which reading a computed SID
        // property did, retained every reference in them.
        let task = reservations[handle].task
        return ReservationInfo(sid: reservations[handle].sidValue.formatted(.reservation), workspaceSid: settings.sid,
                               accountSid: settings.accountSid, taskSid: tasks.sid(at: task),
                               workerSid: reservations[handle].workerSidValue.formatted(.worker),
                               workerName: reservations[handle].workerName,
                               taskQueueSid: queues.sidText(reservations[handle].queueSidValue, at: reservations[handle].queue),
                               workflowSid: workflows.sidText(reservations[handle].workflowSidValue, at: reservations[handle].workflow),
                               reservationStatus: reservations[handle].status, timeoutSeconds: reservations[handle].timeoutSeconds,
                               dateCreated: reservations[handle].createdAt, dateUpdated: reservations[handle].updatedAt,
                               version: reservations[handle].version)
    }

    /// Returns the data of an event about the reservation. It is always
    /// inlined, because an outlined call from a mutating method copied the
    /// whole workspace state.
    @inline(__always)
    func reservationEventData(_ handle: ReservationHandle, now: Timestamp) -> EventData {
        EventData { fields in
            let task = reservations[handle].task
            let worker = reservations[handle].worker
            let workerSid = EventSid(reservations[handle].workerSidValue, .worker)
            setTaskEventFields(&fields, task, now: now)
            fields.reservationSid = reservations[handle].eventSid
            fields.workerSid = workerSid
            fields.workerName = reservations[handle].workerName
            if workers.sidValue(at: worker) == reservations[handle].workerSidValue {
                let activity = workers[worker].activity
                fields.workerAttributes = workers[worker].attributes
                fields.workerVersion = workers[worker].version
                fields.workerActivitySid = activities[activity].eventSid
                fields.workerActivityName = activities[activity].friendlyName
            }
            if tasks[task].placement.stepKnownWorker != nil {
                fields.knownWorkerSid = workerSid
            }
        }
    }
}
