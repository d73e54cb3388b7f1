import AllotCore
import AllotWire

/// Decodes a snapshot body into a shard, through `ShardSnapshotBuilder`.
enum SnapshotBodyDecoder {
    /// Decodes the body of shard `shardIndex`.
    ///
    /// - Throws: `PersistenceCodecError` for bytes it cannot decode, and
    ///   `SnapshotRestoreError` for records that contradict each other.
    static func decode(_ body: [UInt8], shardIndex: Int, configuration: EngineConfiguration) throws -> ShardSnapshot {
        try body.withUnsafeBytes { bytes in
            var offset = 0
            guard let first = try nextRecord(bytes, offset: &offset), case .shardHeader(let header) = first else {
                throw PersistenceCodecError.invalidField(kind: "snapshot body", field: "first record", value: "not a shard header")
            }
            guard header.bodyVersion == SnapshotBodyFormat.version else {
                throw PersistenceCodecError.unsupportedVersion(kind: "snapshot body", version: header.bodyVersion,
                                                               supported: SnapshotBodyFormat.version)
            }
            guard Int(header.shardIndex) == shardIndex, header.shardCount > header.shardIndex else {
                throw PersistenceCodecError.invalidField(
                    kind: "snapshot body", field: "shard_index",
                    value: "\(header.shardIndex) of \(header.shardCount), stored as shard \(shardIndex)")
            }
            var builder = ShardSnapshotBuilder(shardIndex: shardIndex, shardCount: Int(header.shardCount),
                                               configuration: configuration)
            var workspaceCount: UInt64 = 0
            try SnapshotRecordStream.forEachRecord(in: body, from: offset) { record, attributes in
                if case .workspace = record { workspaceCount += 1 }
                try builder.add(record, attributes: attributes)
            }
            guard workspaceCount == header.workspaceCount else {
                throw PersistenceCodecError.invalidField(
                    kind: "snapshot body", field: "workspace_count",
                    value: "\(header.workspaceCount), but the body holds \(workspaceCount) workspaces")
            }
            return try builder.finish()
        }
    }

    /// Decodes the record at `offset` and moves past it; nil at the end of the body.
    static func nextRecord(_ bytes: UnsafeRawBufferPointer,
                                   offset: inout Int) throws(PersistenceCodecError) -> Wire.SnapshotRecord.Record? {
        guard offset < bytes.count else { return nil }
        guard let (length, start) = Varint.read(bytes, at: offset), length <= UInt64(bytes.count - start) else {
            throw .malformedLength(offset: offset)
        }
        let end = start + Int(length)
        let record: Wire.SnapshotRecord
        do {
            record = try Wire.SnapshotRecord(serializedBytes: UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
        } catch {
            throw .malformedRecord(kind: "snapshot record at body offset \(offset)", cause: error)
        }
        guard let content = record.record else {
            throw .invalidField(kind: "snapshot record at body offset \(offset)", field: "record", value: "empty")
        }
        offset = end
        return content
    }

    /// Converts one decoded record into the engine's records, passing each to `body`: a batch
    /// gives one per resource.
    static func images(of record: Wire.SnapshotRecord.Record,
                       _ body: (SnapshotImage.Record) -> Void) throws(PersistenceCodecError) {
        switch record {
        case .shardHeader:
            throw PersistenceCodecError.invalidField(kind: "snapshot body", field: "shard header", value: "repeated")
        case .workspace(let workspace): body(.workspace(try SnapshotRecordMapping.image(workspace)))
        case .activity(let activity): body(.activity(SnapshotRecordMapping.image(activity)))
        case .taskChannel(let channel): body(.taskChannel(SnapshotRecordMapping.image(channel)))
        case .workers(let batch):
            for worker in batch.workers { body(.worker(SnapshotRecordMapping.image(worker))) }
        case .taskQueue(let queue): body(.taskQueue(try SnapshotRecordMapping.image(queue)))
        case .routingDocument(let document): body(.routingDocument(SnapshotRecordMapping.image(document)))
        case .workflow(let workflow): body(.workflow(SnapshotRecordMapping.image(workflow)))
        case .tasks(let batch):
            for task in batch.tasks { body(.task(try SnapshotRecordMapping.image(task))) }
        case .reservations(let batch):
            for reservation in batch.reservations { body(.reservation(try SnapshotRecordMapping.image(reservation))) }
        case .timers(let batch):
            for timer in batch.timers { body(.timer(try SnapshotRecordMapping.image(timer))) }
        }
    }
}
