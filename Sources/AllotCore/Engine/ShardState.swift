import Synchronization

/// The workspaces of one shard and the earliest deadline of each.
struct ShardState: Sendable {
    var workspaces: [String: WorkspaceState] = [:]
    /// Earliest armed timer per workspace, so the shard finds the next
    /// deadline without visiting every workspace.
    var deadlines = IndexedHeap<String, Timestamp>()

    /// Runs `body` on a workspace moved out of the dictionary, so that it is
    /// uniquely referenced and mutated in place, then puts it back.
    mutating func withWorkspace<Value, Failure: Error>(
        _ sid: String, _ body: (inout WorkspaceState) throws(Failure) -> Value
    ) throws(Failure) -> Value {
        guard var workspace = workspaces.removeValue(forKey: sid) else {
            preconditionFailure("workspace \(sid) missing from its shard")
        }
        let result: Result<Value, Failure>
        do throws(Failure) {
            result = .success(try body(&workspace))
        } catch {
            result = .failure(error)
        }
        if let deadline = workspace.nextDeadline { deadlines.upsert(sid, key: deadline) } else { deadlines.remove(sid) }
        // Consumed rather than copied: a copy retained and released every
        // reference in the workspace.
        workspaces[sid] = consume workspace
        return try result.get()
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
