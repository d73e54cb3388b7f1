extension WorkspaceState {
    /// Offers a pending task to the best eligible ready workers of its
    /// current place, up to the queue's `max_reserved_workers`, and returns
    /// the number of reservations created.
    @discardableResult
    mutating func offerTask(_ handle: TaskHandle, now: Timestamp) -> Int {
        guard tasks[handle].status == .pending, tasks[handle].isMatchable else { return 0 }
        let selected = selectWorkers(for: handle, now: now)
        guard !selected.isEmpty else { return 0 }
        createReservations(handle, workers: selected, now: now)
        return selected.count
    }

    /// Makes a pending task matchable and offers it, as `makeMatchable`
    /// followed by `offerTask` do, and returns the number of reservations
    /// created.
    ///
    /// A task that the offer reserves at once never enters the pending heap
    /// or direct list, which the reservations would take it out of again.
    /// Only `selectWorkers` runs in between, and it reads neither. Skipping
    /// the insert and the removal saved about 3,700 instructions of a
    /// routing cycle of `allot-benchmarks engine` under callgrind.
    @discardableResult
    mutating func makeMatchableAndOffer(_ handle: TaskHandle, now: Timestamp) -> Int {
        guard tasks[handle].status == .pending else { return 0 }
        guard !tasks[handle].isMatchable else { return offerTask(handle, now: now) }
        guard hasMatchablePlace(handle) else { return 0 }
        let selected = selectWorkers(for: handle, now: now)
        guard !selected.isEmpty else {
            insertMatchable(handle)
            return 0
        }
        createReservations(handle, workers: selected, now: now)
        return selected.count
    }

    /// Lets a worker take waiting tasks while it has room: first tasks routed
    /// to it directly, then the heads of its queues' pending heaps for the
    /// channels where it is ready, FIFO or LIFO queues first as the workspace's
    /// `prioritize_queue_order` sets.
    mutating func matchWorker(_ worker: WorkerHandle, now: Timestamp) {
        // One pass per reservation the worker can still take; the bound is the
        // most reservations any worker can hold at once, plus one.
        let maximumPasses = limits.maximumChannelCapacity * Swift.max(1, channels.count) + 1
        for _ in 0..<maximumPasses {
            guard hasWaitingTasks(for: worker), let task = selectTask(for: worker, now: now) else { return }
            createReservations(task, workers: [worker], now: now)
        }
    }

    /// Returns false when `selectTask` would find nothing because no task
    /// waits where the worker looks: it has no direct task and none of its
    /// queues has a pending task. That is the usual case after a completion.
    /// The check is inlined, because calling the outlined `selectTask` from a
    /// mutating method copied the whole workspace state, 1,808 bytes, first.
    ///
    /// - Complexity: O(q) for q queues of the worker.
    @inline(__always)
    private func hasWaitingTasks(for worker: WorkerHandle) -> Bool {
        if !workers[worker].directTasks.isEmpty { return true }
        for queue in workers[worker].queues where !queues[queue].pendingTasks.isEmpty { return true }
        return false
    }

    /// Lets several workers that became ready in one operation take waiting
    /// tasks in rounds. Each round visits them longest idle first and gives
    /// each at most one task. A reservation makes its worker the most recently
    /// reserved, so a backlog is shared round robin instead of being drained
    /// by whichever worker was marked first. A task whose step has an
    /// `order_by` goes to the worker that its clauses rank first.
    ///
    /// - Complexity: O(r × w log w) for w workers and r rounds, plus the cost
    ///   of `selectTask` per visit.
    mutating func matchWorkersInIdleOrder(_ candidates: [WorkerHandle], now: Timestamp) {
        // Every round but the last creates one reservation per worker still in it,
        // and `order_by` may give it to another candidate. So the rounds are
        // bounded by the reservations that all candidates together can hold.
        let maximumRounds = limits.maximumChannelCapacity * Swift.max(1, channels.count) * candidates.count + 1
        var active = candidates
        for _ in 0..<maximumRounds where !active.isEmpty {
            active.sort {
                WorkerIdleKey(ticket: workers[$0].idleTicket, sequence: workers[$0].sequence)
                    < WorkerIdleKey(ticket: workers[$1].idleTicket, sequence: workers[$1].sequence)
            }
            var stillTaking: [WorkerHandle] = []
            for worker in active {
                guard let task = selectTask(for: worker, now: now) else { continue }
                createReservations(task, workers: [preferredWorker(for: task, foundBy: worker, now: now)], now: now)
                stillTaking.append(worker)
            }
            active = stillTaking
        }
    }

    /// Returns the worker to reserve for a task that `finder` found. That is
    /// `finder` unless the task's step has an `order_by`, which ranks the ready workers.
    private func preferredWorker(for task: TaskHandle, foundBy finder: WorkerHandle, now: Timestamp) -> WorkerHandle {
        guard tasks[task].placement.step?.ordering != nil else { return finder }
        return selectWorkers(for: task, now: now).first ?? finder
    }

    /// Chooses the workers to reserve for a pending task, best first.
    ///
    /// Without `order_by` this walks the queue's ready order in idle order,
    /// skips workers with no spare capacity on the task's channel, and stops
    /// at the first N eligible ones. When the target expression has an
    /// indexable shape and its candidate set is smaller than the ready order,
    /// only the candidates are checked. With `order_by`, every ready worker is
    /// checked and sorted: O(r log r) for r ready workers in the queue.
    func selectWorkers(for handle: TaskHandle, now: Timestamp) -> [WorkerHandle] {
        let channel = tasks[handle].channel
        if case .worker(let worker) = tasks[handle].placement {
            return tasks[handle].ignoreCapacity || isReady(workers[worker], channel: channel) ? [worker] : []
        }
        let optimized = channels[channel].channelOptimizedRouting
        guard let queue = tasks[handle].queue,
              let ready = queues[queue].readyWorkers.order(for: channel, optimized: optimized), !ready.isEmpty else {
            return []
        }
        let step = tasks[handle].placement.step
        let limit = queues[queue].maxReservedWorkers
        if let reference = step?.knownWorker {
            guard let worker = knownWorker(reference, task: tasks[handle]), queues[queue].members.contains(worker),
                  isReady(workers[worker], channel: channel),
                  isEligible(worker, for: handle, step: step, now: now) else { return [] }
            return [worker]
        }
        if let ordering = step?.ordering {
            var eligible: [WorkerHandle] = []
            ready.forEachInOrder { entry in
                let worker = entry.id.worker
                if isReadyOnWalk(worker, channel: channel, optimized: optimized),
                   isEligible(worker, for: handle, step: step, now: now) { eligible.append(worker) }
                return true
            }
            return Array(sorted(eligible, by: ordering, channel: channel).prefix(limit))
        }
        if let expression = step?.expression {
            let planner = CandidatePlanner(index: workerIndex, taskAttributes: tasks[handle].attributes)
            if case .some(let candidates) = planner.candidates(expression.root), candidates.count < ready.count {
                let ordered = candidates.filter { queues[queue].members.contains($0) && isReady(workers[$0], channel: channel) }
                    .map { ($0, idleKey(workers[$0], channel: channel)) }
                    .sorted { $0.1 < $1.1 }
                // A plain loop: a lazy filter would store its closure, and with
                // it a copy of the whole workspace.
                var selected: [WorkerHandle] = []
                for (worker, _) in ordered where selected.count < limit {
                    if isEligible(worker, for: handle, step: step, now: now) { selected.append(worker) }
                }
                return selected
            }
        }
        var selected: [WorkerHandle] = []
        ready.forEachInOrder { entry in
            let worker = entry.id.worker
            if isReadyOnWalk(worker, channel: channel, optimized: optimized),
               isEligible(worker, for: handle, step: step, now: now) { selected.append(worker) }
            return selected.count < limit
        }
        return selected
    }

    /// Returns whether a worker met while walking a ready order can take a task on
    /// `channel`. The shared order also contains workers that are ready only on
    /// other channels, while a channel's own order contains only workers ready on it.
    private func isReadyOnWalk(_ worker: WorkerHandle, channel: ChannelHandle, optimized: Bool) -> Bool {
        optimized || isReady(workers[worker], channel: channel)
    }

    /// Chooses the best waiting task a ready worker is eligible for.
    ///
    /// - Complexity: O(v log(v + h)) for v tasks visited across h heaps. A
    ///   visited task is skipped when its target expression, known worker or
    ///   an earlier rejection excludes this worker. A queue full of tasks
    ///   meant for other workers is therefore walked in full.
    func selectTask(for worker: WorkerHandle, now: Timestamp) -> TaskHandle? {
        guard activities[workers[worker].activity].available || !workers[worker].directTasks.isEmpty else { return nil }
        var direct: TaskHandle?
        workers[worker].directTasks.forEachInOrder { entry in
            if tasks[entry.id].ignoreCapacity || isReady(workers[worker], channel: tasks[entry.id].channel) { direct = entry.id }
            return direct == nil
        }
        if let direct { return direct }
        var fifoHeaps: [IndexedHeap<TaskHandle, TaskOrderKey>] = []
        var lifoHeaps: [IndexedHeap<TaskHandle, TaskOrderKey>] = []
        // Heaps hold distinct tasks with distinct keys, so the order in which
        // they are gathered does not change the merged order.
        for queue in workers[worker].queues where !queues[queue].pendingTasks.isEmpty {
            for (channel, heap) in queues[queue].pendingTasks
            where !heap.isEmpty && isReady(workers[worker], channel: ChannelHandle(channel)) {
                if queues[queue].taskOrder == .fifo { fifoHeaps.append(heap) } else { lifoHeaps.append(heap) }
            }
        }
        let groups = settings.prioritizeQueueOrder == .fifo ? [fifoHeaps, lifoHeaps] : [lifoHeaps, fifoHeaps]
        for heaps in groups where !heaps.isEmpty {
            var found: TaskHandle?
            IndexedHeap.forEachInOrder(across: heaps) { _, entry in
                let step = tasks[entry.id].placement.step
                if let reference = step?.knownWorker, knownWorker(reference, task: tasks[entry.id]) != worker {
                    return true
                }
                if isEligible(worker, for: entry.id, step: step, now: now) { found = entry.id }
                return found == nil
            }
            if let found { return found }
        }
        return nil
    }

    /// Returns whether a worker would take waiting task `left` before `right`,
    /// by the order that `selectTask` merges them in.
    func takesBefore(_ left: TaskHandle, _ right: TaskHandle) -> Bool {
        waitingRank(left) < waitingRank(right)
    }

    /// Returns a waiting task's rank: tasks routed to a worker first, then FIFO
    /// or LIFO queues as `prioritize_queue_order` sets, then the queue's order.
    private func waitingRank(_ handle: TaskHandle) -> (group: Int, key: TaskOrderKey) {
        // Fields are read in place: a copy of the record would retain every reference in it.
        let priority = tasks[handle].priority
        let virtualStartTime = tasks[handle].virtualStartTime
        let sequence = tasks[handle].sequence
        let fifoKey = TaskOrderKey.fifo(priority: priority, virtualStartTime: virtualStartTime, sequence: sequence)
        if case .worker = tasks[handle].placement { return (0, fifoKey) }
        guard let queue = tasks[handle].queue else { return (3, fifoKey) }
        let group = queues[queue].taskOrder == settings.prioritizeQueueOrder ? 1 : 2
        return (group, queues[queue].orderKey(priority: priority, virtualStartTime: virtualStartTime, sequence: sequence))
    }

    /// Returns whether `worker` passes the task-specific checks of eligibility; readiness (activity, channel
    /// capacity) and queue membership are checked by the callers through the
    /// ready sets.
    func isEligible(_ worker: WorkerHandle, for handle: TaskHandle, step: RoutingStep?, now: Timestamp) -> Bool {
        if !configuration.reofferRejectedTasks, tasks[handle].rejectedBy.contains(workers[worker].sid) { return false }
        for reservation in workers[worker].activeReservations where reservations[reservation].task == handle {
            return false
        }
        guard let expression = step?.expression else { return true }
        let context = TargetExpressionContext(taskAttributes: tasks[handle].attributes, worker: workerFacts(worker),
                                              nowUnixMilliseconds: now.unixMilliseconds)
        return expression.evaluate(in: context)
    }

    /// Resolves a known-worker reference against the task's attributes; nil
    /// when the attribute is missing, not a string, or names no worker.
    ///
    /// It is always inlined, because an outlined call from `setKnownWorker`,
    /// itself inlined into mutating methods, copied the whole workspace state
    /// on every event of a routed task, also when the step names no worker.
    @inline(__always)
    func knownWorker(_ reference: KnownWorkerReference, task: TaskRecord) -> WorkerHandle? {
        var value = task.attributes
        for name in reference.path {
            guard let next = value[name] else { return nil }
            value = next
        }
        guard case .string(let text) = value else { return nil }
        switch reference {
        case .sid: return workers.handle(forSid: text)
        case .friendlyName: return workersByLowercasedName[text.lowercased()]
        }
    }

    /// Sorts workers by `order_by` clauses over integer attributes; workers
    /// lacking an integer value sort after those that have one, whatever the
    /// direction. Ties fall back to the idle order.
    func sorted(_ candidates: [WorkerHandle], by ordering: WorkerOrdering, channel: ChannelHandle) -> [WorkerHandle] {
        let values = Dictionary(uniqueKeysWithValues: candidates.map { worker in
            (worker, ordering.clauses.map { Self.integerAttribute(workers[worker].attributes, path: $0.path) })
        })
        return candidates.sorted { left, right in
            for (index, clause) in ordering.clauses.enumerated() {
                switch (values[left]?[index] ?? nil, values[right]?[index] ?? nil) {
                case (let a?, let b?) where a != b: return clause.descending ? a > b : a < b
                case (.some, nil): return true
                case (nil, .some): return false
                default: continue
                }
            }
            return idleKey(workers[left], channel: channel) < idleKey(workers[right], channel: channel)
        }
    }

    /// Returns the integer at `path` in `attributes`, or nil when missing or not an integer.
    static func integerAttribute(_ attributes: AttributeValue, path: [PathComponent]) -> Int64? {
        var value = attributes
        for component in path {
            switch component {
            case .member(let name):
                guard let next = value[name] else { return nil }
                value = next
            case .index(let position):
                guard case .array(let elements) = value, position >= 0, position < elements.count else { return nil }
                value = elements[position]
            }
        }
        guard case .number(let number) = value else { return nil }
        return Int64(wholeNumber: number)
    }
}
