/// Queue members in idle order (smallest key first), in two parts that
/// together give O(1) for the common change.
///
/// A reservation or an acceptance gives the worker a new idle ticket, larger
/// than every ticket issued before, so the worker moves to the back of the
/// order. Members whose key was the largest when they entered are kept in
/// `recent`, a doubly linked list by slot that is sorted because keys are
/// appended in increasing order: moving to the back is an unlink and an
/// append. A member that enters with an older key, such as a worker becoming
/// available again, goes to `older`, a heap. Walks merge the two.
///
/// The per-slot arrays are plain arrays. A queue contains at most the
/// workspace's workers, so a write after a snapshot captured the workspace
/// copies at most about 40 bytes per member of the queue.
struct IdleOrder: Sendable {
    typealias Entry = DenseIndexedHeap<MemberSlot, WorkerIdleKey>.Entry

    private var older = DenseIndexedHeap<MemberSlot, WorkerIdleKey>()
    /// Per slot: the member's key and worker while it is in `recent`.
    private var recentKeys: [WorkerIdleKey] = []
    private var recentWorkers: [WorkerHandle] = []
    /// Per slot: the neighbours in `recent`, or `Self.notListed` in `next` when
    /// the slot is not in `recent`. The value -1 marks the ends.
    private var next: [Int32] = []
    private var previous: [Int32] = []
    private var head: Int32 = -1
    private var tail: Int32 = -1
    private var recentCount = 0

    private static let notListed: Int32 = -2

    init() {}

    var count: Int { recentCount + older.count }
    var isEmpty: Bool { count == 0 }

    /// Puts `member` in the order with `key`, moving it when it is already in.
    ///
    /// - Complexity: O(1) when the key is the largest so far or unchanged;
    ///   O(log n) otherwise.
    mutating func upsert(_ member: MemberSlot, key: WorkerIdleKey) {
        let slot = Int(member.slot)
        if isListed(slot) {
            if recentKeys[slot] == key { return }
            unlink(slot)
        } else if let old = older.key(of: member) {
            if old == key { return }
            older.remove(member)
        }
        if tail < 0 || recentKeys[Int(tail)] < key {
            append(member, key: key)
        } else {
            older.upsert(member, key: key)
        }
    }

    /// Takes `member` out of the order; nothing happens when it is not in.
    ///
    /// - Complexity: O(1) in `recent`, O(log n) in `older`.
    mutating func remove(_ member: MemberSlot) {
        let slot = Int(member.slot)
        if isListed(slot) { unlink(slot) } else { older.remove(member) }
    }

    /// Calls `body` on the members in idle order until it returns false.
    ///
    /// - Complexity: O(1) per member of `recent` and O(log k) per member of
    ///   `older`, for k members of `older` visited.
    func forEachInOrder(_ body: (Entry) -> Bool) {
        var olderEntries = older.inOrder()
        var nextOlder = olderEntries.next()
        var slot = head
        while slot >= 0 || nextOlder != nil {
            if let candidate = nextOlder, slot < 0 || candidate.key < recentKeys[Int(slot)] {
                guard body(candidate) else { return }
                nextOlder = olderEntries.next()
            } else {
                let index = Int(slot)
                guard body(Entry(id: MemberSlot(slot: slot, worker: recentWorkers[index]), key: recentKeys[index])) else {
                    return
                }
                slot = next[index]
            }
        }
    }

    /// Every member, in no particular order, for checks.
    var entries: [Entry] {
        var result = Array(older.entries)
        var slot = head
        while slot >= 0 {
            let index = Int(slot)
            result.append(Entry(id: MemberSlot(slot: slot, worker: recentWorkers[index]), key: recentKeys[index]))
            slot = next[index]
        }
        return result
    }

    private func isListed(_ slot: Int) -> Bool {
        slot < next.count && next[slot] != Self.notListed
    }

    private mutating func append(_ member: MemberSlot, key: WorkerIdleKey) {
        let slot = Int(member.slot)
        while next.count <= slot {
            next.append(Self.notListed)
            previous.append(-1)
            recentKeys.append(WorkerIdleKey(ticket: 0, sequence: 0))
            recentWorkers.append(member.worker)
        }
        recentKeys[slot] = key
        recentWorkers[slot] = member.worker
        next[slot] = -1
        previous[slot] = tail
        if tail >= 0 { next[Int(tail)] = member.slot } else { head = member.slot }
        tail = member.slot
        recentCount += 1
    }

    private mutating func unlink(_ slot: Int) {
        let before = previous[slot]
        let after = next[slot]
        if before >= 0 { next[Int(before)] = after } else { head = after }
        if after >= 0 { previous[Int(after)] = before } else { tail = before }
        next[slot] = Self.notListed
        previous[slot] = -1
        recentCount -= 1
    }

    /// Checks the heap, that `recent` is linked both ways in strictly
    /// ascending key order, and that no member is in both parts.
    func checkInvariants() {
        older.checkInvariants()
        var visited = 0
        var slot = head
        var last: Int32 = -1
        while slot >= 0 {
            let index = Int(slot)
            precondition(previous[index] == last, "recent order link broken at slot \(slot)")
            if last >= 0 {
                precondition(recentKeys[Int(last)] < recentKeys[index], "recent order not ascending at slot \(slot)")
            }
            precondition(!older.contains(MemberSlot(slot: slot, worker: recentWorkers[index])),
                         "slot \(slot) is in both parts of the idle order")
            visited += 1
            precondition(visited <= next.count, "recent order has a cycle")
            last = slot
            slot = next[index]
        }
        precondition(last == tail, "recent order tail is \(tail), the walk ended at \(last)")
        precondition(visited == recentCount, "recent order links \(visited) members, count is \(recentCount)")
        let listedCount = next.filter { $0 != Self.notListed }.count
        precondition(listedCount == recentCount, "\(listedCount) slots marked listed for \(recentCount) members")
    }
}
