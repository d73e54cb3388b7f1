import AllotCore
import Testing

@testable import AllotPersistence

@Suite struct SnapshotRecordStreamTests {
    struct Stop: Error {}

    /// Returns the body of a one-shard engine with one workspace and `taskCount` tasks, and
    /// the offset of its first record after the shard header.
    static func body(taskCount: Int) throws -> (body: [UInt8], firstRecord: Int) {
        let engine = Engine(configuration: EngineConfiguration(shardCount: 1))
        var request = CreateWorkspaceRequest(friendlyName: "Stream")
        request.template = "FIFO"
        guard case .workspace(let workspace) = try engine.execute(.createWorkspace(request), account: Scenario.account,
                                                                  now: Scenario.start).value else {
            throw Stop()
        }
        for index in 0..<taskCount {
            _ = try engine.execute(.createTask(workspace: workspace.sid, CreateTaskRequest(attributes: #"{"i":\#(index)}"#)),
                                   account: Scenario.account, now: Scenario.start)
        }
        let (body, _) = try SnapshotBodyEncoder.encode(engine.captureShard(0))
        let firstRecord = body.withUnsafeBytes { bytes in
            var offset = 0
            _ = try? SnapshotBodyDecoder.nextRecord(bytes, offset: &offset)
            return offset
        }
        return (body, firstRecord)
    }

    /// More tasks than fit in the queued chunks, so that the decoding thread waits for room.
    static let taskCount = SnapshotRecordStream.chunkRecordCount * (SnapshotRecordStream.maximumQueuedChunks + 2)

    /// The body with `taskCount` tasks, built once for the tests that share it.
    static let large: (body: [UInt8], firstRecord: Int) = try! body(taskCount: taskCount)

    @Test func streamPassesRecordsInOrder() throws {
        let (body, firstRecord) = Self.large
        var streamed: [SnapshotImage.Record] = []
        try SnapshotRecordStream.forEachRecord(in: body, from: firstRecord) { record, _ in streamed.append(record) }
        var decoded: [SnapshotImage.Record] = []
        try body.withUnsafeBytes { bytes in
            var offset = firstRecord
            while let record = try SnapshotBodyDecoder.nextRecord(bytes, offset: &offset) {
                try SnapshotBodyDecoder.images(of: record) { decoded.append($0) }
            }
        }
        #expect(streamed.count == decoded.count)
        #expect(streamed == decoded)
        #expect(streamed.filter { if case .task = $0 { true } else { false } }.count == Self.taskCount)
    }

    @Test func consumerErrorStopsStream() throws {
        let (body, firstRecord) = Self.large
        var consumed = 0
        #expect(throws: Stop.self) {
            try SnapshotRecordStream.forEachRecord(in: body, from: firstRecord) { _, _ in
                consumed += 1
                if consumed == 3 { throw Stop() }
            }
        }
        #expect(consumed == 3)
    }

    @Test func decodingErrorReachesConsumer() throws {
        let (body, firstRecord) = try Self.body(taskCount: 600)
        var damaged = body
        damaged.removeLast(5)
        #expect(throws: PersistenceCodecError.self) {
            try SnapshotRecordStream.forEachRecord(in: damaged, from: firstRecord) { _, _ in }
        }
    }
}
