import Synchronization

/// A workspace's slot in its shard, by which the shard's deadline heap
/// refers to it.
typealias WorkspaceHandle = Handle<WorkspaceState>

/// The workspaces of one shard and the earliest deadline of each.
struct ShardState: Sendable {
    /// A workspace and its slot.
    struct Entry: Sendable {
        let handle: WorkspaceHandle
        var workspace: WorkspaceState
    }

    /// The workspaces by SID.
    private var entries: [String: Entry] = [:]
    /// The SID of the workspace in each slot, nil for a free slot, so that a
    /// due deadline leads to its workspace.
    private var sidsBySlot: [String?] = []
    /// Free slots, which new workspaces take before the slots grow.
    private var freeSlots: [Int32] = []
    /// Earliest armed timer per workspace, so the shard finds the next
    /// deadline without visiting every workspace. It is keyed by slot, not
    /// SID, because an operation that fires or arms a timer often moves its
    /// workspace's deadline, and finding a SID in the heap hashed it twice.
    private var deadlines = DenseIndexedHeap<WorkspaceHandle, Timestamp>()

    /// Number of workspaces.
    var count: Int { entries.count }

    func contains(_ sid: String) -> Bool {
        entries.index(forKey: sid) != nil
    }

    /// Returns a copy of workspace `sid`, or nil when the shard contains none.
    func workspace(_ sid: String) -> WorkspaceState? {
        entries[sid]?.workspace
    }

    /// The SIDs of the workspaces, in no particular order.
    var sids: Dictionary<String, Entry>.Keys { entries.keys }

    /// Copies of the workspaces, in no particular order.
    var workspaces: [WorkspaceState] {
        entries.values.map(\.workspace)
    }

    /// Adds `workspace`, which must be new, under `sid`.
    mutating func insert(_ workspace: WorkspaceState, sid: String) {
        precondition(entries[sid] == nil, "workspace \(sid) is already in the shard")
        let handle: WorkspaceHandle
        if let free = freeSlots.popLast() {
            handle = WorkspaceHandle(free)
            sidsBySlot[Int(free)] = sid
        } else {
            handle = WorkspaceHandle(Int32(sidsBySlot.count))
            sidsBySlot.append(sid)
        }
        if let deadline = workspace.nextDeadline { deadlines.upsert(handle, key: deadline) }
        entries[sid] = Entry(handle: handle, workspace: workspace)
    }

    /// Removes workspace `sid` and its deadline. Returns false when the shard
    /// contains no such workspace.
    @discardableResult
    mutating func remove(_ sid: String) -> Bool {
        guard let entry = entries.removeValue(forKey: sid) else { return false }
        deadlines.remove(entry.handle)
        sidsBySlot[Int(entry.handle.index)] = nil
        freeSlots.append(entry.handle.index)
        return true
    }

    /// The earliest armed deadline of any workspace, and that workspace's SID.
    ///
    /// - Complexity: O(1).
    var earliestDeadline: (sid: String, deadline: Timestamp)? {
        guard let first = deadlines.min else { return nil }
        guard let sid = sidsBySlot[Int(first.id.index)] else {
            preconditionFailure("deadline of workspace slot \(first.id) outlived its workspace")
        }
        return (sid, first.key)
    }

    /// Returns the earliest armed deadline of workspace `sid`, or nil when it
    /// has none or the shard contains no such workspace.
    func deadline(of sid: String) -> Timestamp? {
        entries[sid].flatMap { deadlines.key(of: $0.handle) }
    }

    /// Runs `body` on a workspace in place, then brings the shard's record of
    /// its deadline up to date. Throws `absent()`, without calling `body`,
    /// when the shard contains no workspace `sid`.
    ///
    /// It throws rather than returning an optional, because unwrapping an
    /// optional result copied it, retaining every string in it.
    mutating func withWorkspace<Value, Failure: Error>(
        _ sid: String, orThrow absent: () -> Failure, _ body: (inout WorkspaceState) throws(Failure) -> Value
    ) throws(Failure) -> Value {
        guard let index = entries.index(forKey: sid) else { throw absent() }
        return try Self.run(body, on: &entries.values[index], deadlines: &deadlines)
    }

    /// Runs `body` on a workspace in place, for reads. Throws `absent()`,
    /// without calling `body`, when the shard contains no workspace `sid`.
    ///
    /// It is mutating only to reach the workspace through the dictionary's
    /// modify accessor, because its read accessor returns a copy, which
    /// retained every reference in the workspace.
    mutating func withWorkspace<Value, Failure: Error>(
        reading sid: String, orThrow absent: () -> Failure, _ body: (borrowing WorkspaceState) throws(Failure) -> Value
    ) throws(Failure) -> Value {
        guard let index = entries.index(forKey: sid) else { throw absent() }
        return try Self.read(body, in: &entries.values[index])
    }

    private static func read<Value, Failure: Error>(
        _ body: (borrowing WorkspaceState) throws(Failure) -> Value, in entry: inout Entry
    ) throws(Failure) -> Value {
        try body(entry.workspace)
    }

    /// Runs `body` on a workspace that the shard must contain, as
    /// `withWorkspace(_:orThrow:_:)` does.
    mutating func withWorkspace<Value, Failure: Error>(
        _ sid: String, _ body: (inout WorkspaceState) throws(Failure) -> Value
    ) throws(Failure) -> Value {
        guard let index = entries.index(forKey: sid) else {
            preconditionFailure("workspace \(sid) missing from its shard")
        }
        return try Self.run(body, on: &entries.values[index], deadlines: &deadlines)
    }

    /// Runs `body` on the entry's workspace and updates the deadline heap
    /// when the workspace's next deadline moved, also when `body` throws.
    ///
    /// The entry is reached through the dictionary's values, which neither
    /// copies it nor moves it out and back. Every read of the workspace
    /// happens inside that one access, because reading a field through
    /// `values[index]` outside it would copy the whole workspace.
    private static func run<Value, Failure: Error>(
        _ body: (inout WorkspaceState) throws(Failure) -> Value, on entry: inout Entry,
        deadlines: inout DenseIndexedHeap<WorkspaceHandle, Timestamp>
    ) throws(Failure) -> Value {
        let deadlineBefore = entry.workspace.nextDeadline
        defer {
            let deadline = entry.workspace.nextDeadline
            if deadline != deadlineBefore {
                if let deadline { deadlines.upsert(entry.handle, key: deadline) } else { deadlines.remove(entry.handle) }
            }
        }
        return try body(&entry.workspace)
    }

    func checkInvariants() {
        deadlines.checkInvariants()
        var liveSlotCount = 0
        for (sid, entry) in entries {
            let slot = Int(entry.handle.index)
            precondition(slot < sidsBySlot.count && sidsBySlot[slot] == sid,
                         "workspace \(sid) holds slot \(slot), which names \(slot < sidsBySlot.count ? sidsBySlot[slot] ?? "none" : "none")")
            precondition(deadlines.key(of: entry.handle) == entry.workspace.nextDeadline, "shard deadline of workspace \(sid) is stale")
            entry.workspace.checkInvariants()
            liveSlotCount += 1
        }
        let usedSlotCount = sidsBySlot.reduce(0) { $0 + ($1 == nil ? 0 : 1) }
        precondition(usedSlotCount == liveSlotCount, "\(usedSlotCount) slots name a workspace, but the shard has \(liveSlotCount)")
        precondition(usedSlotCount + freeSlots.count == sidsBySlot.count,
                     "\(usedSlotCount) used and \(freeSlots.count) free of \(sidsBySlot.count) slots")
        for free in freeSlots {
            precondition(sidsBySlot[Int(free)] == nil, "free slot \(free) names workspace \(sidsBySlot[Int(free)] ?? "")")
        }
        precondition(deadlines.count <= entries.count, "deadlines for deleted workspaces")
    }
}

/// One lock and the state it guards.
final class Shard: Sendable {
    let state = Mutex(ShardState())
}
