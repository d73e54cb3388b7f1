/// Rebuilds a shard's state from snapshot records, in the order
/// `ShardSnapshot.forEachRecord` produces them, and checks that the records
/// agree with each other.
///
/// Large tables are filled record by record, so memory contains the state being
/// built plus one record, not every record of a workspace at once.
package struct ShardSnapshotBuilder {
    private let shardIndex: Int
    private let shardCount: Int
    private let configuration: EngineConfiguration
    private var state = ShardState()
    private var current: WorkspaceRestorer?

    /// Prepares to rebuild shard `shardIndex` of a snapshot taken from an
    /// engine of `shardCount` shards, for an engine with `configuration`.
    package init(shardIndex: Int, shardCount: Int, configuration: EngineConfiguration) {
        self.shardIndex = shardIndex
        self.shardCount = shardCount
        self.configuration = configuration
    }

    /// Adds the next record. `attributes` may carry a task's attributes already parsed by
    /// ``parseStoredAttributes(_:)``, for example on another thread; when nil, they are
    /// parsed here.
    package mutating func add(_ record: SnapshotImage.Record, attributes: AttributeValue? = nil) throws(SnapshotRestoreError) {
        if case .workspace(let image) = record {
            try finishWorkspace()
            guard !state.contains(image.sid) else { throw .duplicateWorkspace(sid: image.sid) }
            current = try WorkspaceRestorer(image: image, configuration: configuration)
            return
        }
        guard current != nil else {
            throw .recordOutOfOrder(workspaceSid: nil, record: record.kindName, after: "the shard header")
        }
        try current?.add(record, attributes: attributes)
    }

    /// Parses a stored task's attributes text with the limits a restore applies. Returns nil
    /// for invalid text, which ``add(_:attributes:)`` then parses again to report why.
    package static func parseStoredAttributes(_ text: String) -> AttributeValue? {
        try? AttributeValue(parsingAttributes: text, maximumBytes: WorkspaceRestorer.maximumRestoredAttributesBytes,
                            maximumDepth: Limits.maximumAttributesDepth)
    }

    /// Finishes the last workspace and returns the shard.
    package mutating func finish() throws(SnapshotRestoreError) -> ShardSnapshot {
        try finishWorkspace()
        return ShardSnapshot(shardIndex: shardIndex, shardCount: shardCount, state: state)
    }

    private mutating func finishWorkspace() throws(SnapshotRestoreError) {
        guard var restorer = current else { return }
        current = nil
        let workspace = try restorer.finish()
        state.insert(workspace, sid: workspace.settings.sid)
    }
}

extension SnapshotImage.Record {
    /// The record's kind, for messages.
    package var kindName: String {
        switch self {
        case .workspace: "workspace"
        case .activity: "activity"
        case .taskChannel: "task channel"
        case .worker: "worker"
        case .taskQueue: "task queue"
        case .routingDocument: "routing document"
        case .workflow: "workflow"
        case .task: "task"
        case .reservation: "reservation"
        case .timer: "timer"
        }
    }
}

extension Engine {
    /// Puts the workspaces of a restored shard into this engine, each in the
    /// shard its SID hashes to, so a snapshot taken with another shard count
    /// restores too. Call it on an engine that serves no requests yet.
    ///
    /// - Throws: `duplicateWorkspace` when a workspace already exists.
    package func restoreShard(_ snapshot: ShardSnapshot) throws(SnapshotRestoreError) {
        for sid in snapshot.state.sids.sorted() {
            guard let workspace = snapshot.state.workspace(sid) else { continue }
            try shard(for: sid).state.withLock { (state: inout ShardState) throws(SnapshotRestoreError) in
                guard !state.contains(sid) else { throw .duplicateWorkspace(sid: sid) }
                state.insert(workspace, sid: sid)
            }
        }
    }
}
