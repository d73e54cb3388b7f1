import Testing
@testable import AllotCore

@Suite struct JournalHookTests {
    /// One call of the journal hook.
    struct Entry: Equatable {
        var shard: Int
        var command: EngineCommand
        var now: Timestamp
    }

    /// Runs commands with a journal hook and keeps what it was given.
    final class JournaledEngine {
        let engine: Engine
        var entries: [Entry] = []
        var now = Timestamp(unixSeconds: 1_700_000_000)

        init(shardCount: Int = 4) {
            engine = Engine(configuration: EngineConfiguration(shardCount: shardCount))
        }

        @discardableResult
        func run(_ command: EngineCommand) throws -> EngineCommandOutput {
            try engine.execute(command, account: EngineFixture.account, now: now) { shard, applied, now in
                self.entries.append(Entry(shard: shard, command: applied, now: now))
            }.value
        }
    }

    /// Builds a small routing setup through `execute` and returns the journal.
    static func history() throws -> JournaledEngine {
        let journaled = JournaledEngine()
        guard case .workspace(let workspace) = try journaled.run(.createWorkspace(CreateWorkspaceRequest(friendlyName: "J")))
        else { throw HistoryError.unexpectedOutput }
        let workspaceSid = workspace.sid
        guard case .taskQueue(let queue) = try journaled.run(.createTaskQueue(workspace: workspaceSid, CreateTaskQueueRequest(friendlyName: "Q")))
        else { throw HistoryError.unexpectedOutput }
        let configuration = #"{"task_routing":{"default_filter":{"queue":"\#(queue.sid)"}}}"#
        guard case .workflow(let workflow) = try journaled.run(.createWorkflow(
            workspace: workspaceSid, CreateWorkflowRequest(friendlyName: "W", configuration: configuration, taskReservationTimeout: 30)))
        else { throw HistoryError.unexpectedOutput }
        let activities = try journaled.engine.listActivities(workspace: workspaceSid, ListActivitiesRequest(friendlyName: "Available"),
                                                             account: EngineFixture.account)
        let available = try #require(activities.items.first).sid
        try journaled.run(.createWorker(workspace: workspaceSid, CreateWorkerRequest(friendlyName: "w1", activitySid: available)))
        try journaled.run(.createWorker(workspace: workspaceSid, CreateWorkerRequest(friendlyName: "w2", activitySid: available)))
        for index in 0..<5 {
            try journaled.run(.createTask(workspace: workspaceSid, CreateTaskRequest(attributes: #"{"i":\#(index)}"#, workflowSid: workflow.sid)))
        }
        journaled.now = journaled.now.adding(seconds: 31)
        try journaled.run(.advance)
        journaled.now = journaled.now.adding(seconds: 5)
        try journaled.run(.createTask(workspace: workspaceSid, CreateTaskRequest(attributes: "{}", workflowSid: workflow.sid)))
        return journaled
    }

    enum HistoryError: Error { case unexpectedOutput }

    @Test func hookSeesEverySuccessfulCommand() throws {
        let journaled = try Self.history()
        let kinds = journaled.entries.map { "\($0.command)".prefix(while: { $0 != "(" }) }
        #expect(kinds.filter { $0 == "createTask" }.count == 6)
        #expect(kinds.filter { $0 == "advance" }.count == 1)
        #expect(journaled.entries.count == 12)
    }

    @Test func hookSkipsFailedCommands() throws {
        let journaled = try Self.history()
        let before = journaled.entries.count
        let workspace = try #require(journaled.entries.first?.command.workspaceSid)
        #expect(throws: EngineError.self) {
            try journaled.run(.deleteTask(workspace: workspace, sid: "WT" + String(repeating: "0", count: 32), expectedVersion: nil))
        }
        #expect(journaled.entries.count == before)
    }

    @Test func createWorkspaceRecordsDerivedSid() throws {
        let journaled = JournaledEngine()
        guard case .workspace(let workspace) = try journaled.run(.createWorkspace(CreateWorkspaceRequest(friendlyName: "D")))
        else { throw HistoryError.unexpectedOutput }
        guard case .createWorkspace(let request) = try #require(journaled.entries.first).command else {
            throw HistoryError.unexpectedOutput
        }
        #expect(request.sid == workspace.sid)
        #expect(journaled.entries.first?.shard == journaled.engine.shardIndex(for: workspace.sid))
    }

    @Test func advanceWithNothingDueIsNotJournaled() throws {
        let journaled = try Self.history()
        let before = journaled.entries.count
        try journaled.run(.advance)
        #expect(journaled.entries.count == before)
    }

    /// Replays `entries` into a new engine of `shardCount` shards.
    static func replay(_ entries: [Entry], recordedShardCount: Int, shardCount: Int) throws -> Engine {
        let engine = Engine(configuration: EngineConfiguration(shardCount: shardCount))
        for entry in entries {
            try engine.replay(entry.command, account: EngineFixture.account, now: entry.now, shard: entry.shard,
                              shardCount: recordedShardCount)
        }
        return engine
    }

    @Test func replayGivesSameState() throws {
        let journaled = try Self.history()
        let replayed = try Self.replay(journaled.entries, recordedShardCount: 4, shardCount: 4)
        replayed.checkInvariants()
        #expect(ShardSnapshotTests.records(of: replayed) == ShardSnapshotTests.records(of: journaled.engine))
    }

    @Test func replayIntoOtherShardCount() throws {
        let journaled = try Self.history()
        let replayed = try Self.replay(journaled.entries, recordedShardCount: 4, shardCount: 7)
        replayed.checkInvariants()
        let expected = Array(ShardSnapshotTests.records(of: journaled.engine).joined())
        #expect(Array(ShardSnapshotTests.records(of: replayed).joined()) == expected)
    }

    @Test func replayedAdvanceFiresOnlyItsShard() throws {
        let engine = Engine(configuration: EngineConfiguration(shardCount: 2))
        var sids: [Int: String] = [:]
        var attempt = 0
        while sids.count < 2 {
            let sid = "WS" + String(repeating: "0", count: 31) + String(attempt, radix: 16)
            sids[engine.shardIndex(for: sid)] = sids[engine.shardIndex(for: sid)] ?? sid
            attempt += 1
        }
        let now = Timestamp(unixSeconds: 1_000)
        for sid in sids.values {
            var request = CreateWorkspaceRequest(friendlyName: "S", sid: sid)
            request.template = "FIFO"
            _ = try engine.execute(.createWorkspace(request), account: EngineFixture.account, now: now)
            _ = try engine.execute(.createTask(workspace: sid, CreateTaskRequest(timeout: 10)),
                                   account: EngineFixture.account, now: now)
        }
        let shard0 = try #require(sids[0])
        let shard1 = try #require(sids[1])
        try engine.replay(.advance, account: EngineFixture.account, now: now.adding(seconds: 20), shard: 0, shardCount: 2)
        let canceled = try engine.listTasks(workspace: shard0, account: EngineFixture.account, now: now).items
        let waiting = try engine.listTasks(workspace: shard1, account: EngineFixture.account, now: now).items
        #expect(canceled.map(\.assignmentStatus) == [.canceled])
        #expect(waiting.map(\.assignmentStatus) == [.pending])
    }
}
