import AllotCore
import AllotWire

/// Encodes a captured shard as a snapshot body: a header record, then the
/// shard's records, each as a length-delimited `SnapshotRecord`. Workers,
/// tasks, reservations and timers travel in batches, which saves most of the
/// per-message cost of protobuf-c for large workspaces. Task batches, the bulk of
/// a large snapshot, are written by `SnapshotTaskWriter` without protobuf-c.
struct SnapshotBodyEncoder {
    /// Records per batch message. A task record is a few hundred bytes, so a
    /// batch stays well below a megabyte.
    static let batchCount = 256

    private(set) var body: [UInt8] = []
    private(set) var counts = SnapshotBodyCounts()
    private var workers: [Wire.SnapshotWorker] = []
    private var tasks = SnapshotTaskWriter()
    private var reservations: [Wire.SnapshotReservation] = []
    private var timers: [Wire.SnapshotTimer] = []

    /// Returns the body of `snapshot` and its counts.
    static func encode(_ snapshot: ShardSnapshot) throws(PersistenceCodecError) -> (body: [UInt8], counts: SnapshotBodyCounts) {
        var body: [UInt8] = []
        let counts: SnapshotBodyCounts
        do {
            counts = try encode(snapshot, partBytes: Int.max) { part in
                if body.isEmpty { body = part } else { body += part }
            }
        } catch let error as PersistenceCodecError {
            throw error
        } catch {
            preconditionFailure("collecting a snapshot body threw \(error)")
        }
        return (body, counts)
    }

    /// Encodes `snapshot`, passing the body to `emit` in parts of at least `partBytes` each
    /// (the last may be shorter), and returns its counts.
    ///
    /// - Throws: ``PersistenceCodecError``, or what `emit` throws.
    static func encode(_ snapshot: ShardSnapshot, partBytes: Int,
                       emit: ([UInt8]) throws -> Void) throws -> SnapshotBodyCounts {
        var encoder = SnapshotBodyEncoder()
        let header = Wire.SnapshotShardHeader(
            bodyVersion: SnapshotBodyFormat.version, shardIndex: UInt32(snapshot.shardIndex),
            shardCount: UInt32(snapshot.shardCount), workspaceCount: UInt64(snapshot.workspaceCount))
        try encoder.write(.shardHeader(header))
        try snapshot.forEachRecord { record in
            try encoder.add(record)
            if encoder.body.count >= partBytes { try emit(encoder.takeBody()) }
        }
        try encoder.flush()
        try emit(encoder.takeBody())
        return encoder.counts
    }

    /// Returns the body encoded so far and starts an empty one.
    private mutating func takeBody() -> [UInt8] {
        var taken: [UInt8] = []
        swap(&taken, &body)
        body.reserveCapacity(taken.count)
        return taken
    }

    private mutating func add(_ record: SnapshotImage.Record) throws(PersistenceCodecError) {
        switch record {
        case .worker(let worker):
            try flush(keeping: .worker)
            workers.append(SnapshotRecordMapping.wire(worker))
            counts.workers += 1
            if workers.count == Self.batchCount { try flush() }
        case .task(let task):
            try flush(keeping: .task)
            tasks.add(task)
            counts.tasks += 1
            if tasks.taskCount == Self.batchCount { try flush() }
        case .reservation(let reservation):
            try flush(keeping: .reservation)
            reservations.append(SnapshotRecordMapping.wire(reservation))
            counts.reservations += 1
            if reservations.count == Self.batchCount { try flush() }
        case .timer(let timer):
            try flush(keeping: .timer)
            timers.append(SnapshotRecordMapping.wire(timer))
            if timers.count == Self.batchCount { try flush() }
        default:
            try flush()
            try write(Self.single(record))
        }
    }

    private static func single(_ record: SnapshotImage.Record) -> Wire.SnapshotRecord.Record {
        switch record {
        case .workspace(let workspace): .workspace(SnapshotRecordMapping.wire(workspace))
        case .activity(let activity): .activity(SnapshotRecordMapping.wire(activity))
        case .taskChannel(let channel): .taskChannel(SnapshotRecordMapping.wire(channel))
        case .taskQueue(let queue): .taskQueue(SnapshotRecordMapping.wire(queue))
        case .routingDocument(let document): .routingDocument(SnapshotRecordMapping.wire(document))
        case .workflow(let workflow): .workflow(SnapshotRecordMapping.wire(workflow))
        case .worker, .task, .reservation, .timer: preconditionFailure("batched record \(record.kindName) written alone")
        }
    }

    private enum BatchKind { case worker, task, reservation, timer }

    /// Writes every pending batch except the one of `kept`.
    private mutating func flush(keeping kept: BatchKind? = nil) throws(PersistenceCodecError) {
        if kept != .worker, !workers.isEmpty {
            try write(.workers(Wire.SnapshotWorkerBatch(workers: workers)))
            workers.removeAll(keepingCapacity: true)
        }
        if kept != .task, !tasks.isEmpty {
            tasks.flush(into: &body)
        }
        if kept != .reservation, !reservations.isEmpty {
            try write(.reservations(Wire.SnapshotReservationBatch(reservations: reservations)))
            reservations.removeAll(keepingCapacity: true)
        }
        if kept != .timer, !timers.isEmpty {
            try write(.timers(Wire.SnapshotTimerBatch(timers: timers)))
            timers.removeAll(keepingCapacity: true)
        }
    }

    private mutating func write(_ record: Wire.SnapshotRecord.Record) throws(PersistenceCodecError) {
        if case .workspace = record { counts.workspaces += 1 }
        let bytes: [UInt8]
        do {
            bytes = try Wire.SnapshotRecord(record: record).serializedBytes()
        } catch {
            throw .malformedRecord(kind: "snapshot record", cause: error)
        }
        Varint.append(UInt64(bytes.count), to: &body)
        body.append(contentsOf: bytes)
    }
}

/// Constants of the snapshot body layout.
package enum SnapshotBodyFormat {
    /// Version of the record layout that `SnapshotShardHeader.body_version` names.
    package static let version: UInt32 = 1
}

/// Counts of a shard body, for the snapshot header.
package struct SnapshotBodyCounts: Equatable, Sendable {
    package var workspaces: UInt64 = 0
    package var workers: UInt64 = 0
    package var tasks: UInt64 = 0
    package var reservations: UInt64 = 0

    /// The names the snapshot header lists, in the order of `values`.
    package static let names = ["workspaces", "workers", "tasks", "reservations"]

    package var values: [UInt64] { [workspaces, workers, tasks, reservations] }
}
