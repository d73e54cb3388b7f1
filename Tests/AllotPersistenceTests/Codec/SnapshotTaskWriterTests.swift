import AllotCore
import AllotWire
import Testing

@testable import AllotPersistence

@Suite struct SnapshotTaskWriterTests {
    /// Returns the delimited record protobuf-c packs for `images`.
    static func protobufC(_ images: [SnapshotImage.Task]) throws -> [UInt8] {
        let batch = Wire.SnapshotTaskBatch(tasks: images.map(SnapshotRecordMapping.wire))
        let bytes = try Wire.SnapshotRecord(record: .tasks(batch)).serializedBytes()
        var delimited: [UInt8] = []
        Varint.append(UInt64(bytes.count), to: &delimited)
        return delimited + bytes
    }

    static func written(_ images: [SnapshotImage.Task]) -> [UInt8] {
        var writer = SnapshotTaskWriter()
        for image in images { writer.add(image) }
        var body: [UInt8] = []
        writer.flush(into: &body)
        return body
    }

    /// Tasks with every optional field set, with none, and with values at the edges.
    static let edgeCases: [SnapshotImage.Task] = {
        var full = SnapshotImage.Task()
        full.handle = 7
        full.sid = "WT" + String(repeating: "a", count: 32)
        full.sequence = 1 << 40
        full.createdMilliseconds = -1
        full.updatedMilliseconds = Int64.max
        full.version = UInt64.max
        full.attributes = #"{"name":"caf\#u{E9} \#u{1F600}"}"#
        full.priority = -5
        full.timeoutSeconds = 86_400
        full.taskChannel = 3
        full.workflow = 0
        full.virtualStartMilliseconds = Int64.min
        full.routingTarget = ""
        full.ignoreCapacity = true
        full.status = .wrapping
        full.reason = "done"
        full.placement = .step(document: 0, filterIndex: 0, stepIndex: 0)
        full.filterEnteredMilliseconds = 5
        full.taskQueue = 0
        full.taskQueueEnteredMilliseconds = 6
        full.reservations = [0, 1, 300, Int32.max, -1]
        full.pendingReservationCount = 2
        full.assignmentCount = -3
        full.rejectedBy = ["WK1", ""]
        full.acceptedReservation = 0
        full.assignedMilliseconds = 0
        full.isMatchable = true
        var empty = SnapshotImage.Task()
        empty.version = 0
        empty.attributes = ""
        var queued = full
        queued.placement = .taskQueue(-2)
        var direct = full
        direct.placement = .worker(Int32.min)
        var defaultStep = full
        defaultStep.placement = .step(document: 9, filterIndex: nil, stepIndex: 0)
        return [full, empty, queued, direct, defaultStep]
    }()

    @Test func edgeCasesMatchProtobufC() throws {
        for image in Self.edgeCases {
            #expect(Self.written([image]) == (try Self.protobufC([image])), "\(image)")
        }
        #expect(Self.written(Self.edgeCases) == (try Self.protobufC(Self.edgeCases)))
    }

    @Test func scenarioTasksMatchProtobufC() throws {
        let (live, _) = try DurableEngineRecoveryTests.liveEngine()
        let tasks = EngineView.records(of: live).compactMap { record -> SnapshotImage.Task? in
            if case .task(let task) = record { task } else { nil }
        }
        #expect(tasks.count > 5)
        #expect(Self.written(tasks) == (try Self.protobufC(tasks)))
    }

    @Test func writtenBatchDecodesThroughProtobufC() throws {
        let bytes = Self.written(Self.edgeCases)
        let record = try bytes.withUnsafeBytes { buffer in
            let (length, start) = try #require(Varint.read(buffer, at: 0))
            return try Wire.SnapshotRecord(serializedBytes: UnsafeRawBufferPointer(rebasing: buffer[start..<(start + Int(length))]))
        }
        guard case .tasks(let batch) = record.record else {
            Issue.record("decoded \(record)")
            return
        }
        #expect(batch.tasks == Self.edgeCases.map(SnapshotRecordMapping.wire))
    }
}
