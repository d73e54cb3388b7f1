/// A copy of one shard's state taken under its lock.
///
/// Taking it costs O(1) under the lock: the state is a value whose large
/// tables are copy-on-write, so the copy shares their storage until the live
/// shard next writes to them. Encode it outside the lock.
package struct ShardSnapshot: Sendable {
    /// The shard the state was captured from.
    package let shardIndex: Int
    /// The engine's shard count when the state was captured.
    package let shardCount: Int
    let state: ShardState

    init(shardIndex: Int, shardCount: Int, state: ShardState) {
        self.shardIndex = shardIndex
        self.shardCount = shardCount
        self.state = state
    }

    /// Number of workspaces in the shard.
    package var workspaceCount: Int { state.count }
}

extension Engine {
    /// Copies shard `index`'s state under its lock and returns it.
    ///
    /// `whileLocked` runs under the same lock after the copy, so a caller can
    /// read the journal's last assigned sequence at exactly the point the copy
    /// covers.
    ///
    /// - Complexity: O(1) under the lock, apart from `whileLocked`.
    package func captureShard<Value>(_ index: Int, whileLocked: () -> Value) -> (ShardSnapshot, Value) {
        precondition(shards.indices.contains(index), "shard \(index) outside 0..<\(shards.count)")
        return shards[index].state.withLock { state in
            (ShardSnapshot(shardIndex: index, shardCount: shards.count, state: state), whileLocked())
        }
    }

    /// Copies shard `index`'s state under its lock and returns it.
    ///
    /// - Complexity: O(1) under the lock.
    package func captureShard(_ index: Int) -> ShardSnapshot {
        captureShard(index) { () }.0
    }

    /// Number of workspaces in every shard, counted one shard at a time.
    package var workspaceCount: Int {
        shards.reduce(0) { total, shard in total + shard.state.withLock { $0.count } }
    }
}
