import AllotWire

/// The resources of one workspace in a snapshot, counted from its records without rebuilding
/// the workspace: for `allot snapshot inspect`.
package struct SnapshotWorkspaceSummary: Equatable, Sendable {
    package var sid: String
    package var accountSid: String
    package var friendlyName: String
    /// Index of the shard body that contains the workspace.
    package var shard: Int
    package var activityCount = 0
    package var taskChannelCount = 0
    package var workerCount = 0
    package var taskQueueCount = 0
    package var workflowCount = 0
    /// Distinct workflow configurations that workflows and tasks route by.
    package var routingDocumentCount = 0
    package var taskCount = 0
    package var reservationCount = 0
    /// Armed timers: task time-to-live, step timeouts, assigned lifetimes, retention and
    /// reservation timeouts.
    package var timerCount = 0
    /// Tasks per status, keyed by the status name in lower case (`pending`, `reserved`).
    package var taskCountsByStatus: [String: Int] = [:]
    /// Reservations per status, keyed like `taskCountsByStatus`.
    package var reservationCountsByStatus: [String: Int] = [:]

    init(_ workspace: Wire.SnapshotWorkspace, shard: Int) {
        sid = workspace.sid
        accountSid = workspace.accountSID
        friendlyName = workspace.friendlyName
        self.shard = shard
    }

    /// Counts the workspaces of one decompressed shard body, in body order.
    ///
    /// - Throws: ``PersistenceCodecError`` when a record cannot be decoded, the body does not
    ///   start with its header, or a resource comes before any workspace.
    static func summarize(body: [UInt8], shard: Int) throws -> [SnapshotWorkspaceSummary] {
        try body.withUnsafeBytes { bytes in
            var offset = 0
            guard let first = try SnapshotBodyDecoder.nextRecord(bytes, offset: &offset), case .shardHeader = first else {
                throw PersistenceCodecError.invalidField(kind: "snapshot body", field: "first record", value: "not a shard header")
            }
            var summaries: [SnapshotWorkspaceSummary] = []
            while let record = try SnapshotBodyDecoder.nextRecord(bytes, offset: &offset) {
                if case .workspace(let workspace) = record {
                    summaries.append(SnapshotWorkspaceSummary(workspace, shard: shard))
                    continue
                }
                guard !summaries.isEmpty else {
                    throw PersistenceCodecError.invalidField(kind: "snapshot body", field: "record", value: "a resource before any workspace")
                }
                summaries[summaries.count - 1].count(record)
            }
            return summaries
        }
    }

    private mutating func count(_ record: Wire.SnapshotRecord.Record) {
        switch record {
        case .shardHeader, .workspace: break
        case .activity: activityCount += 1
        case .taskChannel: taskChannelCount += 1
        case .workers(let batch): workerCount += batch.workers.count
        case .taskQueue: taskQueueCount += 1
        case .routingDocument: routingDocumentCount += 1
        case .workflow: workflowCount += 1
        case .tasks(let batch):
            taskCount += batch.tasks.count
            for task in batch.tasks { taskCountsByStatus["\(task.status)", default: 0] += 1 }
        case .reservations(let batch):
            reservationCount += batch.reservations.count
            for reservation in batch.reservations {
                reservationCountsByStatus["\(reservation.status)", default: 0] += 1
            }
        case .timers(let batch): timerCount += batch.timers.count
        }
    }
}
