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
/// The list's links, key and worker of a slot sit together in one node, so
/// that moving a worker touches its node and its neighbours' rather than
/// four arrays at each. The nodes are a plain array. A queue contains at most
/// the workspace's workers, so a write after a snapshot captured the
/// workspace copies at most about 40 bytes per member of the queue.
struct IdleOrder: Sendable {
    typealias Entry = DenseIndexedHeap<MemberSlot, WorkerIdleKey>.Entry

    private var older = DenseIndexedHeap<MemberSlot, WorkerIdleKey>()
    /// Per slot: the member's place in `recent`.
    private var nodes: [Node] = []
    private var head: Int32 = -1
    private var tail: Int32 = -1
    private var recentCount = 0

    private static let notListed: Int32 = -2

    /// A slot's entry in `recent`.
    private struct Node {
        /// The member's key and worker while it is in `recent`.
        var key: WorkerIdleKey
        var worker: WorkerHandle
        /// The neighbours in `recent`, or `IdleOrder.notListed` in `next` when
        /// the slot is not in `recent`. The value -1 marks the ends.
        var next: Int32
        var previous: Int32
    }

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
            let tailKey = nodes[Int(tail)].key
            if key > tailKey {
                moveToBack(slot, key: key)
                return
            }
            if nodes[slot].key == key { return }
            unlink(slot)
        } else if let old = older.key(of: member) {
            if old == key { return }
            older.remove(member)
        }
        if tail < 0 || nodes[Int(tail)].key < key {
            append(member, key: key)
        } else {
            older.upsert(member, key: key)
        }
    }

    /// Returns the member's key, or nil when it is not in the order.
    ///
    /// - Complexity: O(1).
    func key(of member: MemberSlot) -> WorkerIdleKey? {
        let slot = Int(member.slot)
        return isListed(slot) ? nodes[slot].key : older.key(of: member)
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
            if let candidate = nextOlder, slot < 0 || candidate.key < nodes[Int(slot)].key {
                guard body(candidate) else { return }
                nextOlder = olderEntries.next()
            } else {
                let index = Int(slot)
                guard body(Entry(id: MemberSlot(slot: slot, worker: nodes[index].worker), key: nodes[index].key)) else {
                    return
                }
                slot = nodes[index].next
            }
        }
    }

    /// Every member, in no particular order, for checks.
    var entries: [Entry] {
        var result = Array(older.entries)
        var slot = head
        while slot >= 0 {
            let index = Int(slot)
            result.append(Entry(id: MemberSlot(slot: slot, worker: nodes[index].worker), key: nodes[index].key))
            slot = nodes[index].next
        }
        return result
    }

    private func isListed(_ slot: Int) -> Bool {
        slot < nodes.count && nodes[slot].next != Self.notListed
    }

    private mutating func append(_ member: MemberSlot, key: WorkerIdleKey) {
        let slot = Int(member.slot)
        while nodes.count <= slot {
            nodes.append(Node(key: WorkerIdleKey(ticket: 0, sequence: 0), worker: member.worker,
                              next: Self.notListed, previous: -1))
        }
        nodes[slot] = Node(key: key, worker: member.worker, next: -1, previous: tail)
        if tail >= 0 { nodes[Int(tail)].next = member.slot } else { head = member.slot }
        tail = member.slot
        recentCount += 1
    }

    /// Gives a member of `recent` a key larger than every other and makes it
    /// the tail. Each changed link is written once, where `unlink` followed
    /// by `append` wrote some twice.
    @inline(__always)
    private mutating func moveToBack(_ slot: Int, key: WorkerIdleKey) {
        let last = Int(tail)
        if slot == last {
            nodes[slot].key = key
            return
        }
        let before = nodes[slot].previous
        let after = nodes[slot].next
        if before >= 0 { nodes[Int(before)].next = after } else { head = after }
        nodes[Int(after)].previous = before
        nodes[last].next = Int32(slot)
        nodes[slot].key = key
        nodes[slot].next = -1
        nodes[slot].previous = tail
        tail = Int32(slot)
    }

    private mutating func unlink(_ slot: Int) {
        let before = nodes[slot].previous
        let after = nodes[slot].next
        if before >= 0 { nodes[Int(before)].next = after } else { head = after }
        if after >= 0 { nodes[Int(after)].previous = before } else { tail = before }
        nodes[slot].next = Self.notListed
        nodes[slot].previous = -1
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
            precondition(nodes[index].previous == last, "recent order link broken at slot \(slot)")
            if last >= 0 {
                precondition(nodes[Int(last)].key < nodes[index].key, "recent order not ascending at slot \(slot)")
            }
            precondition(!older.contains(MemberSlot(slot: slot, worker: nodes[index].worker)),
                         "slot \(slot) is in both parts of the idle order")
            visited += 1
            precondition(visited <= nodes.count, "recent order has a cycle")
            last = slot
            slot = nodes[index].next
        }
        precondition(last == tail, "recent order tail is \(tail), the walk ended at \(last)")
        precondition(visited == recentCount, "recent order links \(visited) members, count is \(recentCount)")
        let listedCount = nodes.filter { $0.next != Self.notListed }.count
        precondition(listedCount == recentCount, "\(listedCount) slots marked listed for \(recentCount) members")
    }
}
