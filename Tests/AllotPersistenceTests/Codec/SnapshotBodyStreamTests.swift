import AllotCore
import Testing

@testable import AllotPersistence

@Suite struct SnapshotBodyStreamTests {
    struct Stop: Error {}

    /// A one-shard engine with one workspace and 600 tasks, captured once for the tests.
    static let captured: ShardSnapshot = {
        let engine = Engine(configuration: EngineConfiguration(shardCount: 1))
        var request = CreateWorkspaceRequest(friendlyName: "Parts")
        request.template = "FIFO"
        guard case .workspace(let workspace) = try! engine.execute(.createWorkspace(request), account: Scenario.account,
                                                                   now: Scenario.start).value else {
            preconditionFailure("create_workspace returned another output")
        }
        for index in 0..<600 {
            _ = try! engine.execute(.createTask(workspace: workspace.sid, CreateTaskRequest(attributes: #"{"i":\#(index)}"#)),
                                    account: Scenario.account, now: Scenario.start)
        }
        return engine.captureShard(0)
    }()

    @Test func partsJoinIntoWholeBody() throws {
        let (whole, wholeCounts) = try SnapshotBodyEncoder.encode(Self.captured)
        var joined: [UInt8] = []
        var partCount = 0
        let (counts, _) = try SnapshotBodyStream.encode(Self.captured, partBytes: 1) { part in
            joined += part
            partCount += 1
        }
        #expect(joined == whole)
        #expect(counts == wholeCounts)
        #expect(partCount > SnapshotBodyStream.maximumQueuedParts)
    }

    @Test func consumerErrorStopsEncoder() throws {
        var partCount = 0
        #expect(throws: Stop.self) {
            _ = try SnapshotBodyStream.encode(Self.captured, partBytes: 1) { _ in
                partCount += 1
                if partCount == 2 { throw Stop() }
            }
        }
        #expect(partCount == 2)
    }
}
