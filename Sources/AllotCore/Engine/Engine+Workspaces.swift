extension Engine {
    /// Creates a workspace owned by `account`, with the default activities
    /// and task channels.
    public func createWorkspace(_ request: CreateWorkspaceRequest, account: String,
                                now: Timestamp) throws(EngineError) -> EngineResult<WorkspaceInfo> {
        try createWorkspace(request, account: account, now: now, journal: nil)
    }

    /// Creates a workspace; `journal` runs under the shard lock once it
    /// exists, with the shard's index and the SID it got.
    func createWorkspace(_ request: CreateWorkspaceRequest, account: String, now: Timestamp,
                         journal: ((Int, String) -> Void)?) throws(EngineError) -> EngineResult<WorkspaceInfo> {
        try InputValidation.sid(account, prefix: .account, field: "AccountSid")
        let name = try InputValidation.friendlyName(request.friendlyName, limits: configuration.limits)
        if let sid = request.sid { try InputValidation.sid(sid, prefix: .workspace, field: "Sid") }
        try checkWorkspaceQuota(account: account)
        // A derived SID depends only on the request, so replaying it gives
        // the same SID; a collision moves on to the next candidate.
        let maximumAttempts = 16
        for attempt in 0..<maximumAttempts {
            let sid = request.sid ?? Self.derivedWorkspaceSid(account: account, name: name, now: now, attempt: attempt)
            let index = shardIndex(for: sid)
            let outcome = try shards[index].state.withLock { (state: inout ShardState) throws(EngineError) -> EngineResult<WorkspaceInfo>? in
                if state.contains(sid) {
                    if request.sid != nil {
                        throw EngineError.alreadyExists(field: "Sid", message: "workspace \(sid) already exists")
                    }
                    return nil
                }
                var workspace = WorkspaceState(sid: sid, accountSid: account, friendlyName: name,
                                               configuration: configuration, now: now)
                // The workspace's own event comes first, before those of the
                // queue and workflow that a template creates in it.
                workspace.emit(.workspaceCreated, resourceSid: sid, at: now, EventData())
                try workspace.applyCreateSettings(request, now: now)
                workspace.settle(now: now)
                let result = EngineResult(value: workspace.info, events: workspace.takeEmittedEvents())
                state.insert(workspace, sid: sid)
                journal?(index, sid)
                return result
            }
            if let outcome { return outcome }
        }
        throw .alreadyExists(field: "Sid", message: "could not derive a free workspace SID; pass one explicitly")
    }

    /// Rejects a new workspace when `account` already has the maximum.
    ///
    /// NOTE: the count visits the shards one at a time, so creations that
    /// race on different shards can pass the quota by a few workspaces.
    private func checkWorkspaceQuota(account: String) throws(EngineError) {
        let maximum = configuration.limits.maximumWorkspacesPerAccount
        var count = 0
        for shard in shards {
            count += shard.state.withLock { state in
                state.workspaces.reduce(0) { $0 + ($1.settings.accountSid == account ? 1 : 0) }
            }
        }
        if count >= maximum {
            throw .resourceExhausted(field: "FriendlyName",
                                     message: "the account has \(count) workspaces, the maximum; delete one before creating another")
        }
    }

    static func derivedWorkspaceSid(account: String, name: String, now: Timestamp, attempt: Int) -> String {
        let seedText = "\(account)\u{0}\(name)\u{0}\(now.unixMilliseconds)\u{0}\(attempt)"
        var generator = SidGenerator(seed: StableHash.fnv1a64(seedText))
        return generator.next(.workspace)
    }

    public func fetchWorkspace(sid: String, account: String) throws(EngineError) -> WorkspaceInfo {
        try read(sid, account: account) { workspace in workspace.info }
    }

    public func updateWorkspace(sid: String, _ request: UpdateWorkspaceRequest, account: String,
                                now: Timestamp) throws(EngineError) -> EngineResult<WorkspaceInfo> {
        try mutate(sid, account: account, now: now) { workspace throws(EngineError) in try workspace.updateSettings(request, now: now) }
    }

    /// Deletes a workspace and everything in it.
    public func deleteWorkspace(sid: String, account: String, now: Timestamp) throws(EngineError) -> EngineResult<String> {
        try deleteWorkspace(sid: sid, account: account, now: now, journal: nil)
    }

    /// Deletes a workspace; `journal` runs under the shard lock once it is gone.
    func deleteWorkspace(sid: String, account: String, now: Timestamp,
                         journal: ((Int) -> Void)?) throws(EngineError) -> EngineResult<String> {
        let index = shardIndex(for: sid)
        return try shards[index].state.withLock { (state: inout ShardState) throws(EngineError) -> EngineResult<String> in
            guard var workspace = state.workspace(sid), workspace.settings.accountSid == account else {
                throw EngineError.unknown("workspace", sid: sid, field: "Sid")
            }
            workspace.emit(.workspaceDeleted, resourceSid: sid, at: now, EventData())
            let events = workspace.takeEmittedEvents()
            state.remove(sid)
            journal?(index)
            return EngineResult(value: sid, events: events)
        }
    }

    /// Counts the workspaces of each account SID, visiting the shards one at a time. The
    /// server uses it at start-up to find restored workspaces whose account is not configured.
    ///
    /// - Complexity: O(workspaces).
    public func workspaceCountByAccount() -> [String: Int] {
        var counts: [String: Int] = [:]
        for shard in shards {
            shard.state.withLock { state in
                for workspace in state.workspaces {
                    counts[workspace.settings.accountSid, default: 0] += 1
                }
            }
        }
        return counts
    }

    /// Lists the workspaces of `account`, visiting the shards one at a time.
    public func listWorkspaces(account: String, friendlyName: String? = nil,
                               page: PageRequest = PageRequest()) throws(EngineError) -> Page<WorkspaceInfo> {
        var rows: [(key: [Int64], item: WorkspaceInfo)] = []
        for shard in shards {
            rows += shard.state.withLock { state in
                state.workspaces
                    .filter { $0.settings.accountSid == account && (friendlyName == nil || $0.settings.friendlyName == friendlyName) }
                    .map { (key: [$0.settings.createdAt.unixMilliseconds, Int64(bitPattern: StableHash.fnv1a64($0.settings.sid))],
                            item: $0.info) }
            }
        }
        rows.sort { $0.key.lexicographicallyPrecedes($1.key) }
        return try Pager.page(rows, request: page, scope: PageScope(list: "workspaces", owner: account), limits: configuration.limits)
    }
}
