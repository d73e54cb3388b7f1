extension WorkspaceState {
    /// Returns whether `worker` can take a new reservation on `channel` now, before
    /// any task-specific check. Multitasking: an available activity, and the
    /// worker channel available with spare capacity. Single-tasking: an
    /// available activity and no reservation or task in progress; channel
    /// capacity is not used.
    func isReady(_ worker: WorkerRecord, channel: ChannelHandle) -> Bool {
        guard activities[worker.activity].available else { return false }
        if settings.multiTaskEnabled {
            return worker.channel(channel)?.hasSpareCapacity ?? false
        }
        return worker.activeReservations.isEmpty
    }

    /// Returns the worker's place in the ready order of `channel`: by the last
    /// reservation on that channel when it uses channel-optimized routing,
    /// otherwise by the last reservation on any channel.
    func idleKey(_ worker: WorkerRecord, channel: ChannelHandle) -> WorkerIdleKey {
        let ticket = channels[channel].channelOptimizedRouting
            ? (worker.channel(channel)?.idleTicket ?? worker.idleTicket)
            : worker.idleTicket
        return WorkerIdleKey(ticket: ticket, sequence: worker.sequence)
    }

    /// Returns the worker's keys in every ready order from one pass over its
    /// channels: its key in the shared order, and for each channel with
    /// channel-optimized routing its `idleKey` where `isReady`, else nil.
    ///
    /// It is always inlined, because an outlined call from a mutating method
    /// copied the whole workspace state to pass it as `self`.
    @inline(__always)
    func readyKeys(_ handle: WorkerHandle) -> ReadyKeys {
        let multiTaskEnabled = settings.multiTaskEnabled
        // Readiness on any channel first requires an available activity and,
        // when single-tasking, no active reservation.
        let canTakeWork = activities[workers[handle].activity].available
            && (multiTaskEnabled || workers[handle].activeReservations.isEmpty)
        let sequence = workers[handle].sequence
        var keys = ReadyKeys()
        guard hasOptimizedChannel else {
            // Every channel shares one order, so the first ready channel
            // gives the key and no channel record needs a look-up.
            let readyOnAnyChannel = canTakeWork && workers[handle].channels.contains { state in
                state.map { !multiTaskEnabled || $0.hasSpareCapacity } ?? false
            }
            if readyOnAnyChannel { keys.shared = WorkerIdleKey(ticket: workers[handle].idleTicket, sequence: sequence) }
            return keys
        }
        for state in workers[handle].channels {
            guard let state else { continue }
            let ready = canTakeWork && (!multiTaskEnabled || state.hasSpareCapacity)
            if channels[state.channel].channelOptimizedRouting {
                let key = ready ? WorkerIdleKey(ticket: state.idleTicket, sequence: sequence) : nil
                keys.channelOptimized.append((state.channel.index, key))
            } else if ready && keys.shared == nil {
                keys.shared = WorkerIdleKey(ticket: workers[handle].idleTicket, sequence: sequence)
            }
        }
        return keys
    }

    /// Brings the worker's entries in its queues' ready orders up to date.
    ///
    /// Every change to a worker's readiness or keys comes through here and
    /// updates all its queues alike, and a joining member gets the current
    /// keys (see `addMembership`). So the worker's entries are the same in
    /// all its queues, and when those in its first queue already match, no
    /// queue needs a change. A task completed in a multitasking workspace is
    /// that case, because the worker stays ready with its acceptance ticket.
    ///
    /// - Complexity: O(q × log n) for q queues of the worker and n ready
    ///   workers per queue; O(c) for c channels when its keys did not change.
    ///   Channels with channel-optimized routing add O(q × log n) each.
    mutating func refreshReadiness(_ handle: WorkerHandle) {
        let keys = readyKeys(handle)
        let memberQueues = workers[handle].queues
        let slots = workers[handle].queueSlots
        guard let first = memberQueues.first else { return }
        if queues[first].readyWorkers.matches(MemberSlot(slot: slots[0], worker: handle), keys: keys) { return }
        for position in memberQueues.indices {
            let member = MemberSlot(slot: slots[position], worker: handle)
            queues[memberQueues[position]].readyWorkers.update(member, keys: keys)
        }
    }

    /// Makes `worker` a member of `queue`.
    ///
    /// - Complexity: O(log n + q) for q queues of the worker.
    mutating func addMembership(_ queue: QueueHandle, _ worker: WorkerHandle) {
        guard queues[queue].members.insert(worker).inserted else { return }
        let activity = workers[worker].activity
        queues[queue].memberCountsByActivity[activity, default: 0] += 1
        let slot = queues[queue].readyWorkers.takeSlot()
        let position = workers[worker].queues.firstIndex { $0 > queue } ?? workers[worker].queues.count
        workers[worker].queues.insert(queue, at: position)
        workers[worker].queueSlots.insert(slot, at: position)
        queues[queue].readyWorkers.update(MemberSlot(slot: slot, worker: worker), keys: readyKeys(worker))
    }

    /// Removes `worker` from `queue`.
    ///
    /// - Complexity: O(log n + q).
    mutating func removeMembership(_ queue: QueueHandle, _ worker: WorkerHandle) {
        guard queues[queue].members.remove(worker) != nil else { return }
        let activity = workers[worker].activity
        let remaining = (queues[queue].memberCountsByActivity[activity] ?? 0) - 1
        queues[queue].memberCountsByActivity[activity] = remaining == 0 ? nil : remaining
        guard let position = workers[worker].queues.firstIndex(of: queue) else {
            preconditionFailure("worker \(workers[worker].sid) is a member of queue \(queue) it does not list")
        }
        workers[worker].queues.remove(at: position)
        let slot = workers[worker].queueSlots.remove(at: position)
        queues[queue].readyWorkers.releaseSlot(MemberSlot(slot: slot, worker: worker))
    }

    /// Evaluates `queue`'s `target_workers` for `worker`.
    func satisfiesTargetWorkers(_ queue: QueueHandle, worker: WorkerHandle, now: Timestamp) -> Bool {
        let context = WorkerExpressionContext(worker: workerFacts(worker), nowUnixMilliseconds: now.unixMilliseconds)
        return queues[queue].targetWorkers.evaluate(in: context)
    }

    /// Recomputes the members of `queue` through the attribute index:
    /// candidates come from the posting lists and each is checked by
    /// evaluating `target_workers`. Returns the workers that joined.
    ///
    /// - Complexity: O(k) evaluations for k candidates; O(workers) when the
    ///   expression has no indexable shape (see `CandidatePlanner`).
    @discardableResult
    mutating func recomputeMembers(of queue: QueueHandle, now: Timestamp) -> [WorkerHandle] {
        let planner = CandidatePlanner(index: workerIndex, taskAttributes: nil)
        let candidates: [WorkerHandle]
        switch planner.candidates(queues[queue].targetWorkers.root) {
        case .all: candidates = workers.handles
        case .some(let set): candidates = set.sorted()
        }
        var newMembers = Set<WorkerHandle>()
        for worker in candidates where satisfiesTargetWorkers(queue, worker: worker, now: now) {
            newMembers.insert(worker)
        }
        let oldMembers = queues[queue].members
        for worker in oldMembers.subtracting(newMembers).sorted() { removeMembership(queue, worker) }
        let joined = newMembers.subtracting(oldMembers).sorted()
        for worker in joined { addMembership(queue, worker) }
        return joined
    }

    /// Re-evaluates every queue's `target_workers` for one worker whose
    /// attributes changed. Returns whether it joined any queue.
    ///
    /// - Complexity: O(queues) evaluations.
    @discardableResult
    mutating func recomputeMemberships(of worker: WorkerHandle, now: Timestamp) -> Bool {
        var joined = false
        for queue in queues.handles {
            let isMember = queues[queue].members.contains(worker)
            let shouldBe = satisfiesTargetWorkers(queue, worker: worker, now: now)
            if shouldBe && !isMember {
                addMembership(queue, worker)
                joined = true
            } else if !shouldBe && isMember {
                removeMembership(queue, worker)
            }
        }
        if joined { trimMembershipArrays(of: worker) }
        return joined
    }

    /// Drops the spare room that joining queues one at a time left in the
    /// worker's membership arrays, which live as long as the worker.
    private mutating func trimMembershipArrays(of worker: WorkerHandle) {
        if workers[worker].queues.hasSpareCapacity {
            workers[worker].queues = Array(exactCopyOf: workers[worker].queues[...])
        }
        if workers[worker].queueSlots.hasSpareCapacity {
            workers[worker].queueSlots = Array(exactCopyOf: workers[worker].queueSlots[...])
        }
    }
}
