extension Engine {
    /// Applies one journal record during recovery: the command that was
    /// applied to shard `shard` of an engine with `shardCount` shards.
    ///
    /// Commands other than `advance` run as `execute` runs them, because
    /// their workspace decides the shard. An `advance` record fires the timers
    /// of the workspaces that lived in the recorded shard only, so that other
    /// shards' timers fire at the points their own records name. When the
    /// shard count has changed since the record was written, those workspaces
    /// are found by hashing their SIDs with the old count.
    ///
    /// - Throws: the command's error. A record that fails on replay did not
    ///   fail when it was written, so the state has diverged from the journal.
    package func replay(_ command: EngineCommand, account: String, now: Timestamp,
                        shard: Int, shardCount: Int) throws(EngineError) {
        guard case .advance = command else {
            _ = try execute(command, account: account, now: now, journal: nil)
            return
        }
        if shardCount == shards.count {
            precondition(shards.indices.contains(shard), "advance record for shard \(shard) of \(shards.count)")
            _ = advanceShard(shard, to: now)
        } else {
            _ = advanceWorkspaces(to: now) { Self.shardIndex(for: $0, shardCount: shardCount) == shard }
        }
    }

    /// Fires the due timers of the workspaces whose SIDs `include` accepts,
    /// in every shard, in SID order within a shard.
    ///
    /// - Complexity: O(w log w) per shard of w workspaces, plus the timers fired.
    func advanceWorkspaces(to now: Timestamp, where include: (String) -> Bool) -> [EngineEvent] {
        var events: [EngineEvent] = []
        for shard in shards {
            events += shard.state.withLock { state in
                let due = state.sids
                    .filter { sid in include(sid) && (state.deadline(of: sid).map { $0 <= now } ?? false) }
                    .sorted()
                var produced: [EngineEvent] = []
                for sid in due {
                    // One call fires a bounded number of timers, so repeat until none is due.
                    while let deadline = state.deadline(of: sid), deadline <= now {
                        produced += state.withWorkspace(sid) { (workspace: inout WorkspaceState) -> [EngineEvent] in
                            workspace.fireDueTimers(upTo: now)
                            return workspace.takeEmittedEvents()
                        }
                    }
                }
                return produced
            }
        }
        return events
    }
}
