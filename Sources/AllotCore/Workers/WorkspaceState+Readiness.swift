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

    /// Brings the worker's entries in its queues' ready sets up to date.
    ///
    /// - Complexity: O(q × c × log n) for q queues of the worker, c channels
    ///   and n ready workers per queue.
    mutating func refreshReadiness(_ handle: WorkerHandle, channels subset: [ChannelHandle]? = nil) {
        let worker = workers[handle]
        let channelHandles = subset ?? channels.handles
        for channel in channelHandles {
            let ready = isReady(worker, channel: channel)
            let key = idleKey(worker, channel: channel)
            for queue in worker.queues {
                if ready {
                    queues[queue].readyWorkers[channel.index, default: IndexedHeap()].upsert(handle, key: key)
                } else {
                    queues[queue].readyWorkers[channel.index]?.remove(handle)
                }
            }
        }
    }

    /// Makes `worker` a member of `queue`.
    ///
    /// - Complexity: O(c × log n + q) for c channels and q queues of the worker.
    mutating func addMembership(_ queue: QueueHandle, _ worker: WorkerHandle) {
        guard queues[queue].members.insert(worker).inserted else { return }
        let activity = workers[worker].activity
        queues[queue].memberCountsByActivity[activity, default: 0] += 1
        var memberships = workers[worker].queues
        let position = memberships.firstIndex { $0 > queue } ?? memberships.count
        memberships.insert(queue, at: position)
        workers[worker].queues = memberships
        let record = workers[worker]
        for channel in channels.handles where isReady(record, channel: channel) {
            queues[queue].readyWorkers[channel.index, default: IndexedHeap()]
                .upsert(worker, key: idleKey(record, channel: channel))
        }
    }

    /// Removes `worker` from `queue`.
    ///
    /// - Complexity: O(c × log n + q).
    mutating func removeMembership(_ queue: QueueHandle, _ worker: WorkerHandle) {
        guard queues[queue].members.remove(worker) != nil else { return }
        let activity = workers[worker].activity
        let remaining = (queues[queue].memberCountsByActivity[activity] ?? 0) - 1
        queues[queue].memberCountsByActivity[activity] = remaining == 0 ? nil : remaining
        workers[worker].queues.removeAll { $0 == queue }
        for channel in channels.handles {
            queues[queue].readyWorkers[channel.index]?.remove(worker)
        }
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
        return joined
    }
}
