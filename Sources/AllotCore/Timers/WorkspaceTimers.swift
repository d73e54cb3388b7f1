/// The workspace's armed timers in deadline order, kept in two heaps, one
/// for the retention timers and one for every other kind.
///
/// Retention timers are most of the armed timers, because a finished task
/// is kept for `finishedTaskRetentionSeconds` while the other timers of a
/// task end when it is assigned or finished. Their heap is also the order
/// in which `makeRoomForTask()` removes finished tasks. Kept apart, arming
/// or firing a retention timer costs one heap operation instead of one in
/// each of two heaps, and the heap of the other timers stays small.
///
/// Every key's sequence comes from the workspace's one timer counter, so no
/// two keys are equal, and the smaller of the two heaps' minimums is the
/// timer that a single heap of all of them would return first.
struct WorkspaceTimers: Sendable {
    typealias Entry = TimerHeap.Entry

    /// Every armed timer except the retention timers.
    private var others = TimerHeap()
    /// The retention timers, by finished task.
    private(set) var retention = RetentionHeap()
    /// The deadline of the timer due first, set by every change.
    ///
    /// The engine reads it before and after every command. Computing it
    /// there from both heaps made the engine's command wrappers too large to
    /// inline, and each command's result was then copied once more
    /// (callgrind, cycles benchmark of `allot-benchmarks engine`).
    private(set) var nextDeadline: Timestamp?

    init() {}

    /// Creates the timers from entries, as a snapshot restore does, or
    /// returns nil when two entries have the same ID. Entries listed in the
    /// order of `entries` keep their heap layout.
    ///
    /// - Complexity: O(n).
    init?(entries: [Entry]) {
        var otherEntries: [Entry] = []
        var retentionEntries: [RetentionHeap.Entry] = []
        for entry in entries {
            if case .retention(let task) = entry.id {
                retentionEntries.append(RetentionHeap.Entry(id: task, key: entry.key))
            } else {
                otherEntries.append(entry)
            }
        }
        guard let others = TimerHeap(entries: otherEntries),
              let retention = RetentionHeap(entries: retentionEntries) else { return nil }
        self.others = others
        self.retention = retention
        updateNextDeadline()
    }

    var count: Int { others.count + retention.count }
    var isEmpty: Bool { others.isEmpty && retention.isEmpty }

    /// The timer due first.
    ///
    /// - Complexity: O(1).
    var min: Entry? {
        guard let finished = retention.min else { return others.min }
        if let other = others.min, other.key < finished.key { return other }
        return Entry(id: .retention(finished.id), key: finished.key)
    }

    /// Removes and returns the timer due first when its deadline is at or
    /// before `now`, or returns nil and removes nothing.
    ///
    /// - Complexity: O(log n).
    mutating func popMin(dueBy now: Timestamp) -> Entry? {
        guard let deadline = nextDeadline, deadline <= now, let next = min else { return nil }
        if case .retention = next.id {
            retention.popMin()
        } else {
            others.popMin()
        }
        updateNextDeadline()
        return next
    }

    /// Returns whether timer `id` is armed.
    ///
    /// - Complexity: O(1).
    func contains(_ id: TimerID) -> Bool {
        if case .retention(let task) = id { return retention.contains(task) }
        return others.contains(id)
    }

    /// Returns the key of timer `id`, or nil when it is not armed.
    ///
    /// - Complexity: O(1).
    func key(of id: TimerID) -> TimerKey? {
        if case .retention(let task) = id { return retention.key(of: task) }
        return others.key(of: id)
    }

    /// Arms timer `id` with `key`, or moves it to `key` when it is armed.
    ///
    /// - Complexity: O(log n).
    mutating func upsert(_ id: TimerID, key: TimerKey) {
        if case .retention(let task) = id {
            retention.upsert(task, key: key)
        } else {
            others.upsert(id, key: key)
        }
        updateNextDeadline()
    }

    /// Disarms timer `id` and returns its key, or nil when it was not armed.
    ///
    /// - Complexity: O(log n).
    @discardableResult
    mutating func remove(_ id: TimerID) -> TimerKey? {
        let key = if case .retention(let task) = id { retention.remove(task) } else { others.remove(id) }
        // Removing a timer due after the next deadline leaves that deadline unchanged.
        if let key, key.deadline == nextDeadline { updateNextDeadline() }
        return key
    }

    private mutating func updateNextDeadline() {
        nextDeadline = Self.earlierDeadline(others.min?.key.deadline, retention.min?.key.deadline)
    }

    private static func earlierDeadline(_ first: Timestamp?, _ second: Timestamp?) -> Timestamp? {
        guard let first else { return second }
        guard let second else { return first }
        return Swift.min(first, second)
    }

    /// Every armed timer: the other kinds in heap order, then the retention
    /// timers in heap order. `init?(entries:)` given them in this order
    /// rebuilds the same layout, so a snapshot restores to the same heaps.
    var entries: Entries { Entries(others: others.entries, retention: retention.entries) }

    /// The entries of both heaps, one after the other.
    struct Entries: Sequence {
        let others: ChunkedArray<Entry>
        let retention: ChunkedArray<RetentionHeap.Entry>

        func makeIterator() -> Iterator {
            Iterator(entries: self)
        }

        struct Iterator: IteratorProtocol {
            let entries: Entries
            private var position = 0

            init(entries: Entries) {
                self.entries = entries
            }

            mutating func next() -> Entry? {
                let otherCount = entries.others.count
                guard position < otherCount + entries.retention.count else { return nil }
                defer { position += 1 }
                if position < otherCount { return entries.others[position] }
                let finished = entries.retention[position - otherCount]
                return Entry(id: .retention(finished.id), key: finished.key)
            }
        }
    }

    /// Checks both heaps, that the heap of other timers contains no
    /// retention timer, and that `nextDeadline` is up to date.
    func checkInvariants() {
        others.checkInvariants()
        retention.checkInvariants()
        let earliest = Self.earlierDeadline(others.min?.key.deadline, retention.min?.key.deadline)
        precondition(nextDeadline == earliest,
                     "next deadline \(String(describing: nextDeadline)) is not the earliest \(String(describing: earliest))")
        for entry in others.entries {
            if case .retention(let task) = entry.id {
                preconditionFailure("retention timer of task \(task) is in the heap of other timers")
            }
        }
    }
}
