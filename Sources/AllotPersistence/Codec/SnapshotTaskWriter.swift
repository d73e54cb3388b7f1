import AllotCore
import AllotWire

/// Encodes `SnapshotRecord { tasks: SnapshotTaskBatch }` records straight from task images,
/// with the field numbers of proto/storage.proto. The output is what protobuf-c's pack gives
/// for the same batch, which a test checks byte for byte.
struct SnapshotTaskWriter {
    /// `SnapshotRecord.tasks`.
    private static let recordTasksField: UInt32 = 9
    /// `SnapshotTaskBatch.tasks`.
    private static let batchTasksField: UInt32 = 1

    private var batch = ProtobufWriter(capacity: 1 << 16)
    private var task = ProtobufWriter(capacity: 512)
    private var step = ProtobufWriter(capacity: 16)
    private(set) var taskCount = 0

    var isEmpty: Bool { taskCount == 0 }

    /// Adds one task to the batch.
    mutating func add(_ image: SnapshotImage.Task) {
        task.removeAll()
        writeTask(image)
        batch.writeMessage(Self.batchTasksField, task)
        taskCount += 1
    }

    /// Appends the batch as one length-delimited `SnapshotRecord` to `body` and empties it.
    mutating func flush(into body: inout [UInt8]) {
        guard taskCount > 0 else { return }
        var record = ProtobufWriter(capacity: batch.count + 8)
        record.writeMessage(Self.recordTasksField, batch)
        Varint.append(UInt64(record.count), to: &body)
        record.appendBytes(to: &body)
        batch.removeAll()
        taskCount = 0
    }

    private mutating func writeTask(_ image: SnapshotImage.Task) {
        task.writeInt32(1, image.handle)
        task.writeString(2, image.sid)
        task.writeInt64(3, image.sequence)
        task.writeInt64(4, image.createdMilliseconds)
        task.writeInt64(5, image.updatedMilliseconds)
        task.writeUInt64(6, image.version)
        task.writeString(7, image.attributes)
        task.writeInt64(8, image.priority)
        task.writeInt64(9, image.timeoutSeconds)
        task.writeInt32(10, image.taskChannel)
        task.writeOneofInt32(11, image.workflow)
        task.writeInt64(12, image.virtualStartMilliseconds)
        if let target = image.routingTarget { task.writeOneofString(13, target) }
        task.writeBool(14, image.ignoreCapacity)
        task.writeInt64(15, Int64(SnapshotRecordMapping.wire(image.status).wireValue))
        if let reason = image.reason { task.writeOneofString(16, reason) }
        switch image.placement {
        case nil:
            break
        case .step(let document, let filterIndex, let stepIndex):
            step.removeAll()
            if document != 0 { step.writeVarintField(1, UInt64(document)) }
            step.writeOneofInt32(2, filterIndex)
            step.writeInt32(3, stepIndex)
            task.writeMessage(17, step)
        case .taskQueue(let queue):
            task.writeOneofInt32(18, queue)
        case .worker(let worker):
            task.writeOneofInt32(19, worker)
        }
        task.writeInt64(20, image.filterEnteredMilliseconds)
        task.writeOneofInt32(21, image.taskQueue)
        task.writeInt64(22, image.taskQueueEnteredMilliseconds)
        task.writePackedInt32(23, image.reservations)
        task.writeInt32(24, image.pendingReservationCount)
        task.writeInt32(25, image.assignmentCount)
        for worker in image.rejectedBy { task.writeOneofString(26, worker) }
        task.writeOneofInt32(27, image.acceptedReservation)
        task.writeOneofInt64(28, image.assignedMilliseconds)
        task.writeBool(29, image.isMatchable)
        task.writeBool(30, image.reroutesWhenWaiting)
        task.writeBool(31, image.leftEntryFilter)
    }
}
