import AllotCore
import AllotWire
import Testing

@testable import AllotPersistence

@Suite struct SnapshotBodyCodecTests {
    static func records(_ snapshot: ShardSnapshot) -> [SnapshotImage.Record] {
        var records: [SnapshotImage.Record] = []
        snapshot.forEachRecord { records.append($0) }
        return records
    }

    @Test func bodyRoundTripsEveryShard() throws {
        let (live, _) = try DurableEngineRecoveryTests.liveEngine()
        for index in 0..<live.configuration.shardCount {
            let captured = live.captureShard(index)
            let (body, counts) = try SnapshotBodyEncoder.encode(captured)
            #expect(counts.workspaces == UInt64(captured.workspaceCount))
            let decoded = try SnapshotBodyDecoder.decode(body, shardIndex: index, configuration: live.configuration)
            #expect(Self.records(decoded) == Self.records(captured), "shard \(index)")
        }
    }

    @Test func largeTablesSpanSeveralBatches() throws {
        let engine = Engine(configuration: EngineConfiguration(shardCount: 1))
        var request = CreateWorkspaceRequest(friendlyName: "Batches")
        request.template = "FIFO"
        guard case .workspace(let workspace) = try engine.execute(.createWorkspace(request), account: Scenario.account,
                                                                  now: Scenario.start).value else { return }
        let taskCount = SnapshotBodyEncoder.batchCount * 2 + 7
        for index in 0..<taskCount {
            _ = try engine.execute(.createTask(workspace: workspace.sid, CreateTaskRequest(attributes: #"{"i":\#(index)}"#)),
                                   account: Scenario.account, now: Scenario.start)
        }
        let captured = engine.captureShard(0)
        let (body, counts) = try SnapshotBodyEncoder.encode(captured)
        #expect(counts.tasks == UInt64(taskCount))
        let decoded = try SnapshotBodyDecoder.decode(body, shardIndex: 0, configuration: engine.configuration)
        #expect(Self.records(decoded) == Self.records(captured))
    }

    @Test func truncatedBodyIsRejected() throws {
        let (live, scenario) = try DurableEngineRecoveryTests.liveEngine()
        let index = live.shardIndex(for: scenario.workspace)
        let (body, _) = try SnapshotBodyEncoder.encode(live.captureShard(index))
        #expect(throws: PersistenceCodecError.self) {
            _ = try SnapshotBodyDecoder.decode(Array(body.dropLast()), shardIndex: index, configuration: live.configuration)
        }
    }

    @Test func bodyOfAnotherShardIsRejected() throws {
        let (live, scenario) = try DurableEngineRecoveryTests.liveEngine()
        let index = live.shardIndex(for: scenario.workspace)
        let (body, _) = try SnapshotBodyEncoder.encode(live.captureShard(index))
        #expect(throws: PersistenceCodecError.self) {
            _ = try SnapshotBodyDecoder.decode(body, shardIndex: index + 1, configuration: live.configuration)
        }
    }

    @Test func varintRejectsOverlongEncoding() {
        let bytes: [UInt8] = Array(repeating: 0xFF, count: Varint.maximumBytes) + [0x01]
        bytes.withUnsafeBytes { buffer in
            #expect(Varint.read(buffer, at: 0) == nil)
        }
        var encoded: [UInt8] = []
        Varint.append(UInt64.max, to: &encoded)
        encoded.withUnsafeBytes { buffer in
            #expect(Varint.read(buffer, at: 0)?.value == UInt64.max)
            #expect(Varint.read(buffer, at: 0)?.next == Varint.maximumBytes)
        }
    }
}
