/// Real-time counts of the live tasks of one scope (workspace, queue or
/// workflow), kept current on every transition so reading costs O(1) per
/// scope plus the size of the priority table.
///
/// The positions of the waiting heaps are kept outside, in the
/// `TallyPositions` that all tallies of the same kind of scope share, and
/// are passed to every call that changes the heaps.
struct TaskTally: Sendable {
    var pendingCount = 0
    var reservedCount = 0
    var assignedCount = 0
    var wrappingCount = 0
    /// Live tasks by priority; entries at zero are removed.
    var countsByPriority = PriorityCounts()
    /// Pending and reserved tasks by creation time, for the longest waiting task.
    var waitingByAge = ExternallyIndexedHeap<TaskHandle, TaskAgeKey>()
    /// Queue scopes only: waiting tasks by time of entering the queue.
    var waitingByQueueEntry = ExternallyIndexedHeap<TaskHandle, TaskAgeKey>()
    /// Whether `waitingByQueueEntry` is kept. Only queue statistics read it,
    /// and the workspace and workflow tallies would pay a heap entry per
    /// waiting task for it.
    let tracksQueueEntry: Bool

    init(tracksQueueEntry: Bool = false) {
        self.tracksQueueEntry = tracksQueueEntry
    }

    var totalCount: Int { pendingCount + reservedCount + assignedCount + wrappingCount }

    /// Adds (`sign` 1) or removes (`sign` -1) one task described by `entry`.
    /// `positions` is shared by the tallies of this tally's kind of scope.
    ///
    /// - Complexity: O(log n) in the number of waiting tasks.
    mutating func apply(_ entry: TallyEntry, sign: Int, handle: TaskHandle, positions: inout TallyPositions) {
        guard !entry.status.isFinished else { return }
        adjustStatusCount(entry.status, sign: sign)
        adjustPriorityCount(entry.priority, sign: sign)
        updateWaitingHeaps(entry, sign: sign, handle: handle, positions: &positions)
    }

    /// Changes one task from `before` to `after`. The waiting heaps are
    /// touched only when the task starts or stops waiting or its ages change,
    /// so pending to reserved and back costs O(1) rather than four heap updates.
    ///
    /// - Complexity: O(1) when both entries wait with the same ages, else O(log n).
    mutating func replace(_ before: TallyEntry, with after: TallyEntry, handle: TaskHandle,
                          positions: inout TallyPositions) {
        let beforeIsLive = !before.status.isFinished
        let afterIsLive = !after.status.isFinished
        if beforeIsLive { adjustStatusCount(before.status, sign: -1) }
        if afterIsLive { adjustStatusCount(after.status, sign: 1) }
        // A live task that keeps its priority, as most transitions do, leaves
        // the priority counts alone.
        if !(beforeIsLive && afterIsLive && before.priority == after.priority) {
            if beforeIsLive { adjustPriorityCount(before.priority, sign: -1) }
            if afterIsLive { adjustPriorityCount(after.priority, sign: 1) }
        }
        let keepsWaitingKeys = before.isWaiting && after.isWaiting && before.createdAt == after.createdAt
            && (before.queueEnteredAt == after.queueEnteredAt || !tracksQueueEntry) && before.sequence == after.sequence
        if !keepsWaitingKeys {
            updateWaitingHeaps(before, sign: -1, handle: handle, positions: &positions)
            updateWaitingHeaps(after, sign: 1, handle: handle, positions: &positions)
        }
    }

    private mutating func adjustStatusCount(_ status: TaskStatus, sign: Int) {
        switch status {
        case .pending: pendingCount += sign
        case .reserved: reservedCount += sign
        case .assigned: assignedCount += sign
        case .wrapping: wrappingCount += sign
        case .canceled, .completed: preconditionFailure("adjusting the counts of a finished task")
        }
    }

    private mutating func adjustPriorityCount(_ priority: Int, sign: Int) {
        countsByPriority.add(sign, to: priority)
    }

    /// Inserts (`sign` 1) or removes (`sign` -1) a waiting task in the heaps.
    private mutating func updateWaitingHeaps(_ entry: TallyEntry, sign: Int, handle: TaskHandle,
                                             positions: inout TallyPositions) {
        guard entry.isWaiting else { return }
        if sign > 0 {
            waitingByAge.upsert(handle, key: TaskAgeKey(since: entry.createdAt, sequence: entry.sequence),
                                positions: &positions.byAge)
            if tracksQueueEntry {
                waitingByQueueEntry.upsert(handle, key: TaskAgeKey(since: entry.queueEnteredAt, sequence: entry.sequence),
                                           positions: &positions.byQueueEntry)
            }
        } else {
            waitingByAge.remove(handle, positions: &positions.byAge)
            if tracksQueueEntry { waitingByQueueEntry.remove(handle, positions: &positions.byQueueEntry) }
        }
    }

    /// Checks the counts against each other and the heap sizes. The heaps'
    /// order and positions are checked by `checkInvariants(of:sharing:)`.
    func checkInvariants() {
        precondition(pendingCount >= 0 && reservedCount >= 0 && assignedCount >= 0 && wrappingCount >= 0,
                     "negative task count")
        countsByPriority.checkInvariants()
        precondition(countsByPriority.total == totalCount, "priority counts disagree with status counts")
        precondition(waitingByAge.count == pendingCount + reservedCount, "waiting heap size disagrees")
        precondition(waitingByQueueEntry.count == (tracksQueueEntry ? waitingByAge.count : 0),
                     "queue entry heap holds \(waitingByQueueEntry.count) tasks for \(waitingByAge.count) waiting")
    }

    /// Checks every tally of one kind of scope, their heaps' order, and that
    /// `positions` indexes exactly the tasks in their heaps.
    static func checkInvariants(of tallies: some Collection<TaskTally>, sharing positions: TallyPositions) {
        for tally in tallies { tally.checkInvariants() }
        ExternallyIndexedHeap.checkInvariants(of: tallies.lazy.map(\.waitingByAge), sharing: positions.byAge)
        ExternallyIndexedHeap.checkInvariants(of: tallies.lazy.map(\.waitingByQueueEntry), sharing: positions.byQueueEntry)
    }
}

/// The fields of a task that the tallies depend on.
struct TallyEntry: Sendable, Hashable {
    var status: TaskStatus
    var priority: Int
    var createdAt: Timestamp
    var queueEnteredAt: Timestamp
    var sequence: Int64

    /// Pending and reserved tasks are in the waiting heaps.
    var isWaiting: Bool { status == .pending || status == .reserved }
}
