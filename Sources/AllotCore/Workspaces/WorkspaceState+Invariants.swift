extension WorkspaceState {
    /// Checks every structure of the workspace against the others. It
    /// recomputes memberships and tallies from scratch, so it costs
    /// O(queues × workers) expression evaluations: for tests only.
    func checkInvariants() {
        activities.checkInvariants()
        channels.checkInvariants()
        let hasOptimized = channels.handles.contains { channels[$0].channelOptimizedRouting }
        precondition(hasOptimizedChannel == hasOptimized,
                     "hasOptimizedChannel is \(hasOptimizedChannel), but channel-optimized channels exist: \(hasOptimized)")
        workers.checkInvariants()
        queues.checkInvariants()
        workflows.checkInvariants()
        tasks.checkInvariants()
        reservations.checkInvariants()
        workerIndex.checkInvariants(workers: workers)
        timers.checkInvariants()
        events.checkInvariants()
        precondition(emitted.isEmpty, "events left over from an operation")
        checkWorkers()
        checkQueues()
        checkReservations()
        checkTasks()
        checkTimers()
        checkTallies()
        checkStatisticsHistories()
    }

    /// Checks every scope's minute buckets, and that the workspace's sum
    /// to at most its totals since creation.
    private func checkStatisticsHistories() {
        recentStatistics.checkInvariants()
        for handle in queues.handles { queues[handle].recentStatistics.checkInvariants() }
        for handle in workflows.handles { workflows[handle].recentStatistics.checkInvariants() }
        for handle in workers.handles { workers[handle].recentStatistics.checkInvariants() }
        let recentCreated = recentStatistics.buckets.reduce(0) { $0 + $1.counters.reservationsCreated }
        precondition(recentCreated <= counters.reservationsCreated,
                     "buckets count \(recentCreated) reservations, totals \(counters.reservationsCreated)")
        checkActivityPeriods(activityDurations, recentStatistics, scope: "workspace \(settings.sid)")
        for handle in workers.handles {
            checkActivityPeriods(workers[handle].activityDurations, workers[handle].recentStatistics, scope: workers[handle].sid)
        }
    }

    /// Checks that a scope keeps periods of live activities only, and that
    /// its buckets contain periods only of activities in its totals, which
    /// deleting an activity relies on.
    private func checkActivityPeriods(_ totals: [ActivityHandle: DurationSummary], _ history: MinuteBuckets, scope: String) {
        for activity in totals.keys {
            precondition(activities.contains(activity), "\(scope) keeps periods of deleted activity \(activity)")
        }
        for bucket in history.buckets {
            for activity in bucket.activityDurations.keys {
                precondition(totals[activity] != nil,
                             "\(scope) minute \(bucket.minute) contains periods of activity \(activity), its totals none")
            }
        }
    }

    private func checkWorkers() {
        var countsByActivity: [ActivityHandle: Int] = [:]
        for handle in workers.handles {
            let worker = workers[handle]
            precondition(activities.contains(worker.activity), "worker \(worker.sid) in a deleted activity")
            countsByActivity[worker.activity, default: 0] += 1
            precondition(workersByLowercasedName[worker.friendlyName.lowercased()] == handle, "name index of \(worker.sid)")
            precondition(worker.queues == worker.queues.sorted(), "queue list of \(worker.sid) not sorted")
            precondition(worker.queueSlots.count == worker.queues.count,
                         "worker \(worker.sid) has \(worker.queueSlots.count) slots for \(worker.queues.count) queues")
            for queue in worker.queues { precondition(queues[queue].members.contains(handle), "membership of \(worker.sid)") }
            for channel in channels.handles {
                guard let state = worker.channel(channel) else { preconditionFailure("worker \(worker.sid) lacks channel \(channel)") }
                let active = worker.activeReservations.filter { reservations[$0].channel == channel }
                precondition(state.activeCount == active.count,
                             "worker \(worker.sid) channel \(channel): active \(state.activeCount) != \(active.count) reservations")
                let assigned = active.filter { reservations[$0].status != .pending }.count
                precondition(state.assignedCount == assigned, "worker \(worker.sid) assigned \(state.assignedCount) != \(assigned)")
            }
            for reservation in worker.activeReservations {
                precondition(reservations[reservation].status.holdsCapacity && reservations[reservation].worker == handle,
                             "worker \(worker.sid) lists reservation \(reservations[reservation].sid) wrongly")
            }
            for entry in worker.directTasks.entries {
                precondition(tasks[entry.id].isMatchable && tasks[entry.id].status == .pending, "direct task not pending")
            }
            worker.directTasks.checkInvariants()
        }
        precondition(countsByActivity == workerCountsByActivity, "worker counts by activity disagree")
    }

    private func checkQueues() {
        let now = Timestamp(unixMilliseconds: 0)
        for queueHandle in queues.handles {
            let queue = queues[queueHandle]
            var counts: [ActivityHandle: Int] = [:]
            for worker in workers.handles {
                let shouldBe = satisfiesTargetWorkers(queueHandle, worker: worker, now: now)
                precondition(queue.members.contains(worker) == shouldBe,
                             "queue \(queue.sid) membership of \(workers[worker].sid) disagrees with its expression")
                if shouldBe { counts[workers[worker].activity, default: 0] += 1 }
            }
            precondition(counts == queue.memberCountsByActivity, "queue \(queue.sid) member counts by activity")
            checkReadyWorkers(queueHandle)
            for (channel, heap) in queue.pendingTasks {
                heap.checkInvariants()
                precondition(!heap.isEmpty, "empty pending heap kept in \(queue.sid)")
                for entry in heap.entries {
                    let task = tasks[entry.id]
                    precondition(task.queue == queueHandle && task.channel.index == channel && task.isMatchable,
                                 "task \(task.sid) in the wrong pending heap")
                    precondition(entry.key == queue.orderKey(priority: task.priority, virtualStartTime: task.virtualStartTime,
                                                             sequence: task.sequence), "stale order key for \(task.sid)")
                }
            }
        }
    }

    /// Checks a queue's ready orders against its members' readiness and slots.
    private func checkReadyWorkers(_ queueHandle: QueueHandle) {
        let queue = queues[queueHandle]
        let ready = queue.readyWorkers
        ready.checkInvariants()

        // 1. Every member has a distinct slot.
        precondition(ready.memberCount == queue.members.count,
                     "queue \(queue.sid) issued \(ready.memberCount) slots for \(queue.members.count) members")
        var slots: [WorkerHandle: Int32] = [:]
        for worker in queue.members {
            guard let position = workers[worker].queues.firstIndex(of: queueHandle) else {
                preconditionFailure("member \(workers[worker].sid) does not list queue \(queue.sid)")
            }
            slots[worker] = workers[worker].queueSlots[position]
        }
        precondition(Set(slots.values).count == slots.count, "queue \(queue.sid) gave two members one slot")

        // 2. Each order contains exactly the members ready for it, under their slots and keys.
        var orders = [(channel: ChannelHandle?, order: ReadyWorkers.Order)]()
        orders.append((nil, ready.shared))
        for channel in channels.handles where channels[channel].channelOptimizedRouting {
            orders.append((channel, ready.channelOptimized[channel.index] ?? ReadyWorkers.Order()))
        }
        let optimizedCount = channels.handles.filter { channels[$0].channelOptimizedRouting }.count
        precondition(ready.channelOptimized.count <= optimizedCount, "queue \(queue.sid) keeps a ready order for a channel "
                         + "without channel-optimized routing")
        for (channel, order) in orders {
            let expected = queue.members.filter { worker in
                channel.map { isReady(workers[worker], channel: $0) } ?? (sharedReadyKey(worker) != nil)
            }
            precondition(Set(order.entries.map(\.id.worker)) == expected,
                         "queue \(queue.sid) ready order of channel \(String(describing: channel)) has the wrong workers")
            for entry in order.entries {
                let worker = entry.id.worker
                precondition(entry.id.slot == slots[worker], "queue \(queue.sid) files \(workers[worker].sid) under a wrong slot")
                let key = channel.map { idleKey(workers[worker], channel: $0) } ?? sharedReadyKey(worker)
                precondition(entry.key == key, "stale idle key of \(workers[worker].sid) in \(queue.sid)")
            }
        }
    }

    private func checkReservations() {
        var listedBy: [ReservationHandle: TaskHandle] = [:]
        for task in tasks.handles {
            for reservation in tasks[task].reservations { listedBy[reservation] = task }
        }
        precondition(listedBy.count == reservations.count, "tasks list \(listedBy.count) reservations, \(reservations.count) stored")
        for handle in reservations.handles {
            let reservation = reservations[handle]
            precondition(tasks.contains(reservation.task), "reservation \(reservation.sid) of a removed task")
            precondition(listedBy[handle] == reservation.task, "task does not list \(reservation.sid)")
            if reservation.status.holdsCapacity {
                precondition(workers.sidValue(at: reservation.worker) == reservation.workerSidValue,
                             "reservation \(reservation.sid) holds capacity of a removed worker")
                precondition(workers[reservation.worker].activeReservations.contains(handle), "worker misses \(reservation.sid)")
            }
        }
    }

    private func checkTasks() {
        for handle in tasks.handles {
            let task = tasks[handle]
            let own = task.reservations.map { reservations[$0] }
            let pending = own.filter { $0.status == .pending }.count
            precondition(pending == task.pendingReservationCount, "task \(task.sid) pending count \(task.pendingReservationCount) != \(pending)")
            switch task.status {
            case .pending: precondition(pending == 0, "pending task \(task.sid) has pending reservations")
            case .reserved: precondition(pending > 0, "reserved task \(task.sid) has no pending reservation")
            case .assigned, .wrapping:
                guard let accepted = task.acceptedReservation else { preconditionFailure("assigned task without reservation") }
                precondition(reservations[accepted].status == (task.status == .assigned ? .accepted : .wrapping),
                             "task \(task.sid) and its accepted reservation disagree")
            case .canceled, .completed:
                precondition(own.allSatisfy { !$0.status.holdsCapacity }, "finished task \(task.sid) holds capacity")
            }
            // A task is matchable exactly while it is pending where workers can
            // take it, whichever path (an offer, a rejection, a move) left it there.
            precondition(task.isMatchable == (task.status == .pending && hasMatchablePlace(handle)),
                         "task \(task.sid) in \(task.status) is matchable: \(task.isMatchable), "
                             + "at a matchable place: \(hasMatchablePlace(handle))")
            if task.isMatchable {
                switch task.placement {
                case .worker(let worker): precondition(workers[worker].directTasks.contains(handle), "direct list misses \(task.sid)")
                default:
                    guard let queue = task.queue else { preconditionFailure("matchable task \(task.sid) without a queue") }
                    precondition(queues[queue].pendingTasks[task.channel.index]?.contains(handle) == true, "heap misses \(task.sid)")
                }
            }
        }
    }

    private func checkTimers() {
        for entry in timers.entries {
            switch entry.id {
            case .taskTimeToLive(let task): precondition(tasks.contains(task) && tasks[task].status.isWaiting, "stale TTL timer")
            case .stepTimeout(let task):
                precondition(tasks.contains(task) && tasks[task].status.isWaiting && tasks[task].placement.step?.timeoutSeconds != nil,
                             "stale step timer")
            case .assignedLifetime(let task):
                precondition(tasks.contains(task) && (tasks[task].status == .assigned || tasks[task].status == .wrapping),
                             "stale assigned-lifetime timer")
            case .retention(let task): precondition(tasks.contains(task) && tasks[task].status.isFinished, "stale retention timer")
            case .reservationTimeout(let reservation):
                precondition(reservations.contains(reservation) && reservations[reservation].status == .pending,
                             "stale reservation timer")
            case .clockMinute:
                precondition(entry.key.deadline.unixMilliseconds % Self.millisecondsPerMinute == 0,
                             "clock minute timer at \(entry.key.deadline), not at the start of a minute")
            }
        }
        for handle in tasks.handles {
            let status = tasks[handle].status
            precondition(timers.contains(.taskTimeToLive(handle)) == status.isWaiting, "TTL timer of \(tasks[handle].sid)")
            precondition(timers.contains(.retention(handle)) == status.isFinished, "retention timer of \(tasks[handle].sid)")
            if status.isWaiting, case .step(let document, _, _) = tasks[handle].placement, document.readsClock,
               let workflow = tasks[handle].workflow {
                // The last minute of Int64 milliseconds has no next minute to arm the timer
                // for, and a task waiting then lives at least until that minute starts.
                let timeToLive = timers.key(of: .taskTimeToLive(handle))?.deadline
                let inLastMinute = timeToLive.map { Self.nextMinute(after: $0) == nil } ?? false
                precondition((timers.contains(.clockMinute) || inLastMinute) && clockWatchedWorkflows.contains(workflow),
                             "task \(tasks[handle].sid) waits under a clock-reading document without the minute timer")
            }
            precondition(timers.contains(.assignedLifetime(handle)) == (status == .assigned || status == .wrapping),
                         "assigned-lifetime timer of \(tasks[handle].sid)")
        }
        for handle in reservations.handles {
            precondition(timers.contains(.reservationTimeout(handle)) == (reservations[handle].status == .pending),
                          "timeout timer of \(reservations[handle].sid)")
        }
        for workflow in clockWatchedWorkflows {
            precondition(workflows.contains(workflow), "deleted workflow \(workflow) is still watched for the minute tick")
        }
    }

    private func checkTallies() {
        TaskTally.checkInvariants(of: [tally], sharing: workspaceTallyPositions)
        TaskTally.checkInvariants(of: queues.handles.lazy.map { queues[$0].tally }, sharing: queueTallyPositions)
        TaskTally.checkInvariants(of: workflows.handles.lazy.map { workflows[$0].tally }, sharing: workflowTallyPositions)
        var expected = TaskTally()
        var byQueue: [QueueHandle: TaskTally] = [:]
        var byWorkflow: [WorkflowHandle: TaskTally] = [:]
        var expectedPositions = TallyPositions()
        var expectedQueuePositions = TallyPositions()
        var expectedWorkflowPositions = TallyPositions()
        for handle in tasks.handles {
            let task = tasks[handle]
            expected.apply(task.tallyEntry, sign: 1, handle: handle, positions: &expectedPositions)
            if let queue = task.queue {
                byQueue[queue, default: TaskTally(tracksQueueEntry: true)]
                    .apply(task.tallyEntry, sign: 1, handle: handle, positions: &expectedQueuePositions)
            }
            if let workflow = task.workflow {
                byWorkflow[workflow, default: TaskTally()]
                    .apply(task.tallyEntry, sign: 1, handle: handle, positions: &expectedWorkflowPositions)
            }
        }
        Self.checkTally(tally, equals: expected, scope: "workspace")
        for queue in queues.handles {
            precondition(queues[queue].tally.tracksQueueEntry, "queue \(queues[queue].sid) does not track queue entry")
            Self.checkTally(queues[queue].tally, equals: byQueue[queue] ?? TaskTally(), scope: queues[queue].sid)
        }
        for workflow in workflows.handles {
            Self.checkTally(workflows[workflow].tally, equals: byWorkflow[workflow] ?? TaskTally(), scope: workflows[workflow].sid)
        }
    }

    private static func checkTally(_ actual: TaskTally, equals expected: TaskTally, scope: String) {
        precondition(actual.pendingCount == expected.pendingCount && actual.reservedCount == expected.reservedCount
                     && actual.assignedCount == expected.assignedCount && actual.wrappingCount == expected.wrappingCount,
                     "task status counts of \(scope) disagree with the tasks")
        precondition(actual.countsByPriority == expected.countsByPriority, "priority counts of \(scope) disagree")
        precondition(actual.waitingByAge.min?.id == expected.waitingByAge.min?.id, "longest waiting task of \(scope)")
        if actual.tracksQueueEntry && expected.tracksQueueEntry {
            precondition(actual.waitingByQueueEntry.min?.id == expected.waitingByQueueEntry.min?.id,
                         "longest waiting task in \(scope) by queue entry")
        }
    }

    /// Returns the worker's key in the shared ready order of its queues, or nil
    /// when it is ready on no channel without channel-optimized routing. It is
    /// kept apart from `readyKeys(_:)` so that the check does not reuse that code.
    func sharedReadyKey(_ handle: WorkerHandle) -> WorkerIdleKey? {
        guard activities[workers[handle].activity].available else { return nil }
        let multiTaskEnabled = settings.multiTaskEnabled
        if !multiTaskEnabled && !workers[handle].activeReservations.isEmpty { return nil }
        for state in workers[handle].channels {
            guard let state, !channels[state.channel].channelOptimizedRouting else { continue }
            if !multiTaskEnabled || state.hasSpareCapacity {
                return WorkerIdleKey(ticket: workers[handle].idleTicket, sequence: workers[handle].sequence)
            }
        }
        return nil
    }
}
