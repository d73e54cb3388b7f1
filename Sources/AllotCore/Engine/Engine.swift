import Synchronization

/// The in-memory routing engine: workspaces spread over shards, each shard
/// behind its own lock.
///
/// Every operation takes the caller's account and `now`, locks exactly one
/// shard (listing workspaces visits them one at a time), fires the target
/// workspace's timers that are due, runs to completion and returns its
/// result with the events it produced. A workspace of another account is
/// reported as not found. The engine does no I/O, starts no threads and
/// never reads the clock.
public final class Engine: Sendable {
    public let configuration: EngineConfiguration
    let shards: [Shard]

    public init(configuration: EngineConfiguration = EngineConfiguration()) {
        precondition(configuration.shardCount >= 1, "shard count \(configuration.shardCount) must be at least 1")
        self.configuration = configuration
        shards = (0..<configuration.shardCount).map { _ in Shard() }
    }

    /// The shard that owns a workspace SID, by a hash that is the same in
    /// every process.
    func shard(for workspaceSid: String) -> Shard {
        shards[shardIndex(for: workspaceSid)]
    }

    /// Returns the index of the shard that owns a workspace SID.
    package func shardIndex(for workspaceSid: String) -> Int {
        Self.shardIndex(for: workspaceSid, shardCount: shards.count)
    }

    /// Returns the index of the shard that owns a workspace SID in an engine
    /// of `shardCount` shards.
    static func shardIndex(for workspaceSid: String, shardCount: Int) -> Int {
        Int(StableHash.fnv1a64(workspaceSid) % UInt64(shardCount))
    }

    /// Runs a mutation on one workspace: checks the account, fires due
    /// timers, runs `body`, lets freed workers pick up tasks, and collects
    /// the events. A thrown error leaves the workspace as the timers left it.
    ///
    /// `journal` runs after `body` succeeded, with the shard's index, while
    /// the shard lock is still held; it is not called when `body` throws.
    func mutate<Value: Sendable>(_ workspaceSid: String, account: String, now: Timestamp,
                                 journal: ((Int) -> Void)? = nil,
                                 _ body: (inout WorkspaceState) throws(EngineError) -> Value) throws(EngineError) -> EngineResult<Value> {
        let index = shardIndex(for: workspaceSid)
        return try shards[index].state.withLock { (state: inout ShardState) throws(EngineError) -> EngineResult<Value> in
            // The account is checked on the workspace in place: reading it out
            // of the dictionary copied it, retaining every reference in it.
            let unknown = { EngineError.unknown("workspace", sid: workspaceSid, field: "WorkspaceSid") }
            let result = try state.withWorkspace(workspaceSid, orThrow: unknown) { (workspace: inout WorkspaceState) throws(EngineError) -> EngineResult<Value> in
                guard workspace.settings.accountSid == account else { throw unknown() }
                workspace.fireDueTimers(upTo: now)
                do throws(EngineError) {
                    let value = try body(&workspace)
                    workspace.settle(now: now)
                    return EngineResult(value: value, events: workspace.takeEmittedEvents())
                } catch {
                    workspace.workersToMatch.removeAll()
                    _ = workspace.takeEmittedEvents()
                    throw error
                }
            }
            journal?(index)
            return result
        }
    }

    /// Runs a read on one workspace after checking the account. Reads do not
    /// fire timers, so a read between `advance` calls may show a task whose
    /// deadline has passed as still waiting.
    func read<Value: Sendable>(_ workspaceSid: String, account: String,
                               _ body: (borrowing WorkspaceState) throws(EngineError) -> Value) throws(EngineError) -> Value {
        try shard(for: workspaceSid).state.withLock { (state: inout ShardState) throws(EngineError) -> Value in
            let unknown = { EngineError.unknown("workspace", sid: workspaceSid, field: "WorkspaceSid") }
            return try state.withWorkspace(reading: workspaceSid, orThrow: unknown) { (workspace: borrowing WorkspaceState) throws(EngineError) -> Value in
                guard workspace.settings.accountSid == account else { throw unknown() }
                return try body(workspace)
            }
        }
    }

    // MARK: Time

    /// Fires every timer due at or before `now` in every shard, one shard
    /// at a time, and returns the events in per-workspace order.
    public func advance(to now: Timestamp) -> [EngineEvent] {
        advance(to: now, journal: nil)
    }

    /// Fires every timer due at or before `now`, one shard at a time. For
    /// each shard where a timer fired, `journal` runs with the shard's index
    /// while its lock is still held.
    func advance(to now: Timestamp, journal: ((Int) -> Void)?) -> [EngineEvent] {
        var events: [EngineEvent] = []
        for index in shards.indices {
            events += advanceShard(index, to: now, journal: journal)
        }
        return events
    }

    /// Fires the timers due at or before `now` in shard `index` only, as a
    /// journal's advance record for that shard records it.
    func advanceShard(_ index: Int, to now: Timestamp, journal: ((Int) -> Void)? = nil) -> [EngineEvent] {
        shards[index].state.withLock { state in
            var produced: [EngineEvent] = []
            var fired = false
            while let next = state.earliestDeadline, next.deadline <= now {
                fired = true
                produced += state.withWorkspace(next.sid) { (workspace: inout WorkspaceState) -> [EngineEvent] in
                    workspace.fireDueTimers(upTo: now)
                    return workspace.takeEmittedEvents()
                }
            }
            if fired { journal?(index) }
            return produced
        }
    }

    /// The earliest armed deadline of any workspace: when the server should
    /// next call `advance(to:)`.
    public var nextDeadline: Timestamp? {
        shards.compactMap { shard in shard.state.withLock { $0.earliestDeadline?.deadline } }.min()
    }

    // MARK: Checks

    /// Checks every structure of every workspace; tests call it after each
    /// mutation. It traps with a message on the first broken invariant.
    public func checkInvariants() {
        for (index, shard) in shards.enumerated() {
            shard.state.withLock { state in
                for sid in state.sids {
                    precondition(self.shardIndex(for: sid) == index,
                                 "workspace \(sid) is in shard \(index), not the one its SID hashes to")
                }
                state.checkInvariants()
            }
        }
    }
}
