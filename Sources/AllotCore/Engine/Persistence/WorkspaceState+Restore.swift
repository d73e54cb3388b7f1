extension WorkspaceState {
    /// Creates a workspace with the settings, counters and generator states
    /// of a snapshot record and empty tables, which the restorer fills.
    init(restoring image: SnapshotImage.Workspace, configuration: EngineConfiguration) throws(SnapshotRestoreError) {
        var filter: Set<EventType>?
        if let names = image.eventsFilter {
            var types = Set<EventType>()
            for name in names {
                guard let type = EventType(rawValue: name) else {
                    throw .inconsistent(workspaceSid: image.sid, reason: "unknown event type \(name) in the events filter")
                }
                types.insert(type)
            }
            filter = types
        }
        guard image.nextEventSequence >= 1 else {
            throw .inconsistent(workspaceSid: image.sid, reason: "next event sequence \(image.nextEventSequence) is below 1")
        }
        settings = WorkspaceRecord(
            sid: image.sid, accountSid: image.accountSid, friendlyName: image.friendlyName,
            eventCallbackUrl: image.eventCallbackUrl, eventsFilter: filter,
            defaultActivity: ActivityHandle(image.defaultActivity), timeoutActivity: ActivityHandle(image.timeoutActivity),
            multiTaskEnabled: image.multiTaskEnabled, prioritizeQueueOrder: image.prioritizeQueueOrder,
            createdAt: Timestamp(unixMilliseconds: image.createdMilliseconds),
            updatedAt: Timestamp(unixMilliseconds: image.updatedMilliseconds))
        self.configuration = configuration
        events = EventRing(capacity: configuration.limits.eventRingCapacity, nextSequence: image.nextEventSequence)
        sids = SidGenerator(seed: image.sidGeneratorState)
        nextSequence = image.nextSequence
        nextIdleTicket = image.nextIdleTicket
        nextTimerSequence = image.nextTimerSequence
        counters = WorkspaceRestorer.counters(image.counters)
        activityDurations = WorkspaceRestorer.durations(image.activityDurations)
    }

    /// Checks the references between restored records that the engine
    /// relies on without checking: a handle it follows must name a live
    /// record, so that a faulty snapshot fails here with a message instead of
    /// trapping later. Tasks were checked by ``checkRestoredTask(_:live:workspace:)`` as
    /// they arrived, except for their reservations: `tasksWithReservations`
    /// lists the tasks whose reservations are checked here.
    ///
    /// - Complexity: O(size of the workspace).
    func checkRestoredReferences(tasksWithReservations: [TaskHandle]) throws(SnapshotRestoreError) {
        let workspace = settings.sid
        func require(_ condition: Bool, _ reason: @autoclosure () -> String) throws(SnapshotRestoreError) {
            if !condition { throw .inconsistent(workspaceSid: workspace, reason: reason()) }
        }
        let live = RestoredHandles(self)
        try require(live.activity(settings.defaultActivity) && live.activity(settings.timeoutActivity),
                    "the default or timeout activity is missing")
        for handle in workers.handles {
            try require(live.activity(workers[handle].activity), "worker \(workers[handle].sid) is in a missing activity")
            let memberships = workers[handle].queues
            try require(memberships.allSatisfy(live.queue) && memberships == memberships.sorted(),
                        "worker \(workers[handle].sid) lists missing or unsorted task queues")
            for channel in channels.handles {
                try require(workers[handle].channel(channel)?.channel == channel,
                            "worker \(workers[handle].sid) lacks channel \(channel)")
            }
            try require(workers[handle].reservations.allSatisfy(live.reservation)
                            && workers[handle].activeReservations.allSatisfy(live.reservation),
                        "worker \(workers[handle].sid) lists missing reservations")
        }
        for handle in queues.handles {
            let activities = [queues[handle].reservationActivity, queues[handle].assignmentActivity]
            try require(activities.allSatisfy { $0.map(live.activity) ?? true },
                        "task queue \(queues[handle].sid) names a missing activity")
        }
        for handle in tasksWithReservations {
            try require(tasks[handle].reservations.allSatisfy(live.reservation)
                            && (tasks[handle].acceptedReservation.map(live.reservation) ?? true),
                        "task \(tasks[handle].sid) lists missing reservations")
        }
        for handle in reservations.handles {
            try require(live.task(reservations[handle].task) && live.channel(reservations[handle].channel),
                        "reservation \(reservations[handle].sid) names a missing task or channel")
            if reservations[handle].status.holdsCapacity {
                try require(workers.sidValue(at: reservations[handle].worker) == reservations[handle].workerSidValue,
                            "reservation \(reservations[handle].sid) holds capacity of a missing worker")
            }
        }
        for entry in timers.entries {
            switch entry.id {
            case .taskTimeToLive(let task), .stepTimeout(let task), .assignedLifetime(let task), .retention(let task):
                try require(live.task(task), "a timer names missing task \(task)")
            case .reservationTimeout(let reservation):
                try require(live.reservation(reservation), "a timer names missing reservation \(reservation)")
            case .clockMinute:
                break
            }
        }
    }

    /// Checks the references of one task, as its record arrives, against the tables restored
    /// before the tasks. Its reservations are checked by
    /// ``checkRestoredReferences(tasksWithReservations:)``.
    static func checkRestoredTask(_ task: TaskRecord, live: RestoredHandles,
                                  workspace: String) throws(SnapshotRestoreError) {
        func require(_ condition: Bool, _ reason: @autoclosure () -> String) throws(SnapshotRestoreError) {
            if !condition { throw .inconsistent(workspaceSid: workspace, reason: reason()) }
        }
        try require(live.channel(task.channel), "task \(task.sid) uses a missing channel")
        try require(task.workflow.map(live.workflow) ?? true, "task \(task.sid) names a missing workflow")
        try require(task.queue.map(live.queue) ?? true, "task \(task.sid) names a missing task queue")
        switch task.placement {
        case .worker(let worker):
            try require(live.worker(worker), "task \(task.sid) is routed to a missing worker")
        case .queue(let placedQueue):
            try require(live.queue(placedQueue), "task \(task.sid) is placed in a missing task queue")
        case .step, .none:
            break
        }
        if task.isMatchable {
            try require(task.status == .pending, "non-pending task \(task.sid) is marked matchable")
            if case .worker = task.placement {} else {
                try require(task.queue != nil, "matchable task \(task.sid) has no task queue")
            }
        }
    }

    /// Rebuilds everything that follows from the restored records: name
    /// indexes, the attribute index, queue memberships and ready sets, and
    /// from `tasks`, the pending heaps, direct lists and tallies. The heaps
    /// of tasks are built in bulk, because adding a million tasks one at a
    /// time costs seconds.
    ///
    /// - Complexity: O(workers × (queues + channels) + tasks).
    mutating func rebuildDerivedStructures(tasks structures: RestoredTaskStructures) {
        for handle in channels.handles { channelsByUniqueName[channels[handle].uniqueName] = handle }
        for handle in workers.handles {
            let worker = workers[handle]
            workersByLowercasedName[worker.friendlyName.lowercased()] = handle
            workerCountsByActivity[worker.activity, default: 0] += 1
            workerIndex.insert(handle, keys: WorkerAttributeIndex.keys(for: worker.attributes))
            var slots: [Int32] = []
            for queue in worker.queues {
                queues[queue].members.insert(handle)
                queues[queue].memberCountsByActivity[worker.activity, default: 0] += 1
                slots.append(queues[queue].readyWorkers.takeSlot())
            }
            workers[handle].queueSlots = slots
            refreshReadiness(handle)
        }
        structures.install(into: &self)
        rebuildClockWatch()
        dropPeriodsOfMissingActivities()
        unattributeFiguresOfMissingChannels()
    }

    /// Drops the activity periods stored under handles of no live activity.
    /// A snapshot written by a version whose activity deletion kept the
    /// periods contains them.
    ///
    /// NOTE: such periods under a handle that a later activity reused look
    /// like that activity's own, so they stay.
    ///
    /// - Complexity: O(workers + b) for b restored buckets.
    private mutating func dropPeriodsOfMissingActivities() {
        let live = activities
        func prune(_ durations: inout [ActivityHandle: DurationSummary]) {
            guard durations.keys.contains(where: { !live.contains($0) }) else { return }
            durations = durations.filter { live.contains($0.key) }
        }
        prune(&activityDurations)
        recentStatistics.updateEach { prune(&$0.activityDurations) }
        for handle in workers.handles {
            prune(&workers[handle].activityDurations)
            workers[handle].recentStatistics.updateEach { prune(&$0.activityDurations) }
        }
    }

    /// Moves the figures stored under handles of no live channel into the
    /// unattributed ones. Only a damaged snapshot contains such figures, because
    /// deleting a channel moves them.
    ///
    /// - Complexity: O(s × b × c) for s scopes, b restored buckets each and
    ///   c channels per bucket.
    private mutating func unattributeFiguresOfMissingChannels() {
        let live = channels
        updateEveryBucket { bucket in
            for figures in bucket.channels where figures.channel != StatisticsBucket.unattributed && !live.contains(figures.channel) {
                bucket.unattribute(figures.channel)
            }
        }
    }

    /// Watches every workflow with a waiting task routed by a document that
    /// reads the clock. The set may be smaller than before the snapshot,
    /// because a live workflow leaves it only at the next minute tick, but
    /// the tick's effects depend on the tasks alone.
    private mutating func rebuildClockWatch() {
        for handle in tasks.handles where tasks[handle].status.isWaiting {
            guard case .step(let document, _, _) = tasks[handle].placement, document.readsClock,
                  let workflow = tasks[handle].workflow else { continue }
            clockWatchedWorkflows.insert(workflow)
        }
    }
}

/// Flags per restored table, indexed by handle, that mark the slots containing a record, so
/// that checking a million references costs one array read each.
struct RestoredHandles {
    private let activities: [Bool]
    private let channels: [Bool]
    private let workers: [Bool]
    private let queues: [Bool]
    private let workflows: [Bool]
    private let tasks: [Bool]
    private let reservations: [Bool]

    init(_ state: WorkspaceState) {
        activities = Self.flags(state.activities)
        channels = Self.flags(state.channels)
        workers = Self.flags(state.workers)
        queues = Self.flags(state.queues)
        workflows = Self.flags(state.workflows)
        tasks = Self.flags(state.tasks)
        reservations = Self.flags(state.reservations)
    }

    private static func flags<Record>(_ table: ResourceTable<Record>) -> [Bool] {
        var flags = [Bool](repeating: false, count: table.slots.count)
        for handle in table.handles { flags[Int(handle.index)] = true }
        return flags
    }

    private static func contains(_ flags: [Bool], _ index: Int32) -> Bool {
        index >= 0 && Int(index) < flags.count && flags[Int(index)]
    }

    func activity(_ handle: ActivityHandle) -> Bool { Self.contains(activities, handle.index) }
    func channel(_ handle: ChannelHandle) -> Bool { Self.contains(channels, handle.index) }
    func worker(_ handle: WorkerHandle) -> Bool { Self.contains(workers, handle.index) }
    func queue(_ handle: QueueHandle) -> Bool { Self.contains(queues, handle.index) }
    func workflow(_ handle: WorkflowHandle) -> Bool { Self.contains(workflows, handle.index) }
    func task(_ handle: TaskHandle) -> Bool { Self.contains(tasks, handle.index) }
    func reservation(_ handle: ReservationHandle) -> Bool { Self.contains(reservations, handle.index) }
}
