import Synchronization

/// The workspaces of one shard and the earliest deadline of each.
struct ShardState: Sendable {
    var workspaces: [String: WorkspaceState] = [:]
    /// Earliest armed timer per workspace, so the shard finds the next
    /// deadline without visiting every workspace.
    var deadlines = IndexedHeap<String, Timestamp>()

    /// Runs `body` on a workspace in place, then brings the shard's record of
    /// its deadline up to date. Returns nil, without calling `body`, when the
    /// shard contains no workspace `sid`.
    mutating func withWorkspaceIfPresent<Value, Failure: Error>(
        _ sid: String, _ body: (inout WorkspaceState) throws(Failure) -> Value
    ) throws(Failure) -> Value? {
        guard let index = workspaces.index(forKey: sid) else { return nil }
        return try withWorkspace(at: index, sid: sid, body)
    }

    /// Runs `body` on a workspace that the shard must contain, as
    /// `withWorkspaceIfPresent` does.
    mutating func withWorkspace<Value, Failure: Error>(
        _ sid: String, _ body: (inout WorkspaceState) throws(Failure) -> Value
    ) throws(Failure) -> Value {
        guard let index = workspaces.index(forKey: sid) else {
            preconditionFailure("workspace \(sid) missing from its shard")
        }
        return try withWorkspace(at: index, sid: sid, body)
    }

    /// Runs `body` on the workspace at `index` through the dictionary's
    /// values, which neither copies it nor moves it out and back, and updates
    /// the deadline heap when the workspace's next deadline moved.
    private mutating func withWorkspace<Value, Failure: Error>(
        at index: Dictionary<String, WorkspaceState>.Index, sid: String,
        _ body: (inout WorkspaceState) throws(Failure) -> Value
    ) throws(Failure) -> Value {
        // One access to the value, because reading a field through
        // `values[index]` outside it would copy the whole workspace.
        let (result, deadlineBefore, deadline) = Self.run(body, on: &workspaces.values[index])
        if deadline != deadlineBefore {
            if let deadline { deadlines.upsert(sid, key: deadline) } else { deadlines.remove(sid) }
        }
        return try result.get()
    }

    /// Runs `body` on `workspace` and returns its result with the workspace's
    /// next deadline before and after.
    private static func run<Value, Failure: Error>(
        _ body: (inout WorkspaceState) throws(Failure) -> Value, on workspace: inout WorkspaceState
    ) -> (Result<Value, Failure>, Timestamp?, Timestamp?) {
        let deadlineBefore = workspace.nextDeadline
        do throws(Failure) {
            let value = try body(&workspace)
            return (.success(value), deadlineBefore, workspace.nextDeadline)
        } catch {
            return (.failure(error), deadlineBefore, workspace.nextDeadline)
        }
    }

    func checkInvariants() {
        deadlines.checkInvariants()
        for (sid, workspace) in workspaces {
            precondition(deadlines.key(of: sid) == workspace.nextDeadline, "shard deadline of workspace \(sid) is stale")
            workspace.checkInvariants()
        }
        precondition(deadlines.count <= workspaces.count, "deadlines for deleted workspaces")
    }
}

/// One lock and the state it guards.
final class Shard: Sendable {
    let state = Mutex(ShardState())
}
