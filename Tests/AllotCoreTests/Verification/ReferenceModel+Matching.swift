import AllotCore

/// Matching and the reservation lifecycle of the reference model.
extension ReferenceModel {
    /// Offers a pending task to the best eligible ready members of its queue,
    /// up to the queue's `max_reserved_workers`. Returns the number reserved.
    @discardableResult
    mutating func offerTask(_ task: Int) -> Int {
        guard !tasks[task].isRemoved, tasks[task].status == .pending, let queue = tasks[task].queue else { return 0 }
        let channel = tasks[task].channel
        let ready = workers.indices
            .filter { isMember($0, of: queue) && isReady($0, channel: channel) }
            .sorted { idleKey($0, channel: channel) < idleKey($1, channel: channel) }
        let selected = Array(ready.filter { isEligible($0, for: task) }.prefix(configuration.queues[queue].maxReservedWorkers))
        if !selected.isEmpty { createReservations(task, workers: selected) }
        return selected.count
    }

    /// Returns the best pending task a worker can take now: tasks of its queues
    /// on channels where it is ready, FIFO queues merged by priority and age,
    /// LIFO queues newest first, the two groups in the workspace's order.
    func selectTask(for worker: Int) -> Int? {
        guard activities[workers[worker].activity].available else { return nil }
        var fifo: [Int] = []
        var lifo: [Int] = []
        for task in tasks.indices where !tasks[task].isRemoved && tasks[task].status == .pending {
            guard let queue = tasks[task].queue, isMember(worker, of: queue),
                  isReady(worker, channel: tasks[task].channel) else { continue }
            if configuration.queues[queue].isLIFO { lifo.append(task) } else { fifo.append(task) }
        }
        fifo.sort { orderKey($0) < orderKey($1) }
        lifo.sort { orderKey($0) < orderKey($1) }
        let ordered = configuration.prioritizesLIFO ? lifo + fifo : fifo + lifo
        return ordered.first { isEligible(worker, for: $0) }
    }

    /// Lets the workers marked during an operation take waiting tasks in
    /// rounds: each round visits them by their last reservation on any
    /// channel, never reserved first, and gives each at most one task.
    mutating func settle() {
        var active: [Int] = []
        for worker in workersToMatch where !active.contains(worker) { active.append(worker) }
        workersToMatch.removeAll()
        if active.contains(where: { selectTask(for: $0) != nil }) {
            ruleCounts["freed worker took a waiting task", default: 0] += 1
        }
        // Each round reserves at least one task, and capacities here stay far below this bound.
        for _ in 0..<1_000 where !active.isEmpty {
            active.sort { sharedIdleKey($0) < sharedIdleKey($1) }
            var stillTaking: [Int] = []
            for worker in active {
                guard let task = selectTask(for: worker) else { continue }
                createReservations(task, workers: [worker])
                stillTaking.append(worker)
            }
            active = stillTaking
        }
        precondition(workersToMatch.isEmpty, "matching marked more workers")
    }

    /// Returns the worker's place by its last reservation on any channel.
    func sharedIdleKey(_ worker: Int) -> (Int, Int) {
        guard let ticket = workers[worker].lastTicket else { return (0, workers[worker].creationOrder) }
        return (1, ticket)
    }

    mutating func markForMatching(_ worker: Int) {
        workersToMatch.append(worker)
    }

    mutating func takeTicket() -> Int {
        defer { nextTicket += 1 }
        return nextTicket
    }

    /// Reserves `selected` workers for a pending task as one batch, which
    /// counts as one assignment attempt.
    mutating func createReservations(_ task: Int, workers selected: [Int]) {
        precondition(tasks[task].status == .pending, "reserving task \(task) in \(tasks[task].status)")
        let channel = tasks[task].channel
        ruleCounts[selected.count > 1 ? "several reservations at once" : "one reservation", default: 0] += 1
        for worker in selected {
            reservations.append(Reservation(task: task, worker: worker, status: .pending,
                                            previousActivity: workers[worker].activity, channel: channel,
                                            queue: tasks[task].queue))
            let ticket = takeTicket()
            workers[worker].lastTicket = ticket
            workers[worker].channels[channel].lastTicket = ticket
            arm(.reservationTimeout(reservation: reservations.count - 1), at: now + configuration.reservationTimeoutSeconds)
            if !configuration.multiTaskEnabled, let queue = tasks[task].queue,
               let activity = configuration.queues[queue].reservationActivity {
                workers[worker].activity = activity
            }
        }
        tasks[task].status = .reserved
        tasks[task].assignmentCount += 1
    }

    /// Ends a pending reservation unaccepted, freeing its capacity, and moves
    /// the worker to `activity` when given.
    mutating func endPending(_ reservation: Int, as status: ReservationStatus, activity: Int?) {
        precondition(reservations[reservation].status == .pending, "ending reservation \(reservation) that is not pending")
        let worker = reservations[reservation].worker
        markForMatching(worker)
        reservations[reservation].status = status
        disarm(.reservationTimeout(reservation: reservation))
        if let activity { workers[worker].activity = activity }
    }

    /// Returns the activity a withdrawn (rescinded or canceled) reservation
    /// restores: the one before the reservation, in single-tasking workspaces only.
    func withdrawalActivity(_ reservation: Int) -> Int? {
        configuration.multiTaskEnabled ? nil : reservations[reservation].previousActivity
    }

    /// Makes a reserved task pending again once none of its reservations is
    /// pending, and offers it at once, or routes it again after an attribute
    /// update, unless it used up its assignment attempts.
    mutating func reservationEndedUnaccepted(_ task: Int) {
        guard tasks[task].status == .reserved, pendingReservations(of: task).isEmpty else { return }
        tasks[task].status = .pending
        if tasks[task].assignmentCount >= configuration.maximumAssignmentCount {
            cancelTask(task, reason: "Max assignment count exceeded")
            return
        }
        if tasks[task].reroutesWhenWaiting {
            ruleCounts["reserved task routed again after an update", default: 0] += 1
            reroute(task)
            return
        }
        offerTask(task)
    }

    mutating func rejectPending(_ reservation: Int, activity: Int?) {
        ruleCounts[activity == nil ? "reservation rejected" : "reservation rejected with an activity", default: 0] += 1
        endPending(reservation, as: .rejected, activity: activity ?? reservations[reservation].previousActivity)
        let task = reservations[reservation].task
        if !configuration.reoffersRejectedTasks { tasks[task].rejectedBy.insert(reservations[reservation].worker) }
        reservationEndedUnaccepted(task)
    }

    /// Withdraws every pending reservation of a task. A reserved task becomes
    /// pending without being offered.
    mutating func cancelPendingReservations(_ task: Int) {
        for reservation in reservations(of: task) where reservations[reservation].status == .pending {
            endPending(reservation, as: .canceled, activity: withdrawalActivity(reservation))
        }
        if tasks[task].status == .reserved { tasks[task].status = .pending }
    }

    mutating func acceptPending(_ reservation: Int) {
        let record = reservations[reservation]
        reservations[reservation].status = .accepted
        disarm(.reservationTimeout(reservation: reservation))
        let ticket = takeTicket()
        workers[record.worker].lastTicket = ticket
        workers[record.worker].channels[record.channel].lastTicket = ticket
        for other in pendingReservations(of: record.task) {
            ruleCounts["reservation rescinded", default: 0] += 1
            endPending(other, as: .rescinded, activity: withdrawalActivity(other))
        }
        tasks[record.task].status = .assigned
        disarm(.timeToLive(task: record.task))
        disarm(.stepTimeout(task: record.task))
        arm(.assignedLifetime(task: record.task), at: now + configuration.assignedTaskLifetimeSeconds)
        if !configuration.multiTaskEnabled, let queue = record.queue,
           let activity = configuration.queues[queue].assignmentActivity {
            workers[record.worker].activity = activity
        }
    }

    mutating func cancelTask(_ task: Int, reason: String?) {
        precondition(tasks[task].status.isWaiting, "canceling task \(task) in \(tasks[task].status)")
        ruleCounts["task canceled: \(reason ?? "no reason")", default: 0] += 1
        cancelPendingReservations(task)
        tasks[task].status = .canceled
        tasks[task].reason = reason
        disarm(.timeToLive(task: task))
        disarm(.stepTimeout(task: task))
        arm(.retention(task: task), at: now + configuration.finishedTaskRetentionSeconds)
    }

    /// Returns the accepted (or wrapping) reservation of an assigned task.
    func acceptedReservation(of task: Int) -> Int? {
        reservations(of: task).first { reservations[$0].status == .accepted || reservations[$0].status == .wrapping }
    }

    mutating func wrapTask(_ task: Int) {
        guard let reservation = acceptedReservation(of: task) else { preconditionFailure("wrapping task \(task) without acceptance") }
        tasks[task].status = .wrapping
        reservations[reservation].status = .wrapping
    }

    mutating func completeTask(_ task: Int, reason: String?) {
        guard let reservation = acceptedReservation(of: task) else { preconditionFailure("completing task \(task) without acceptance") }
        markForMatching(reservations[reservation].worker)
        reservations[reservation].status = .completed
        tasks[task].status = .completed
        tasks[task].reason = reason
        disarm(.assignedLifetime(task: task))
        arm(.retention(task: task), at: now + configuration.finishedTaskRetentionSeconds)
    }

    /// Removes a task and its reservations, freeing the capacity they hold.
    mutating func removeTask(_ task: Int) {
        for reservation in reservations(of: task) {
            if reservations[reservation].status.holdsCapacity { markForMatching(reservations[reservation].worker) }
            disarm(.reservationTimeout(reservation: reservation))
            reservations[reservation].isRemoved = true
        }
        tasks[task].isRemoved = true
        for kind in [TimerKind.timeToLive(task: task), .stepTimeout(task: task), .assignedLifetime(task: task),
                     .retention(task: task)] {
            disarm(kind)
        }
    }
}
