import Testing
@testable import AllotCore

@Suite struct EngineCommandTests {
    /// Returns a short history of commands, as a journal would record them.
    func history(workspace: String) -> [(EngineCommand, Timestamp)] {
        let start = Timestamp(unixSeconds: 1_000)
        return [
            (.createWorkspace(CreateWorkspaceRequest(friendlyName: "Replay", sid: workspace)), start),
            (.createTaskQueue(workspace: workspace, CreateTaskQueueRequest(friendlyName: "Q")), start),
            (.createWorker(workspace: workspace, CreateWorkerRequest(friendlyName: "w")), start),
            (.advance, start.adding(seconds: 10)),
        ]
    }

    func replay(_ commands: [(EngineCommand, Timestamp)]) throws -> [String] {
        let engine = Engine(configuration: EngineConfiguration(shardCount: 2))
        var sids: [String] = []
        for (command, now) in commands {
            let result = try engine.execute(command, account: EngineFixture.account, now: now)
            engine.checkInvariants()
            sids += result.events.map(\.sid)
            if case .taskQueue(let queue) = result.value { sids.append(queue.sid) }
            if case .worker(let worker) = result.value { sids.append(worker.sid) }
        }
        return sids
    }

    @Test func replayingCommandsGivesSameSids() throws {
        let workspace = "WS" + String(repeating: "1", count: 32)
        let first = try replay(history(workspace: workspace))
        #expect(first == (try replay(history(workspace: workspace))))
        #expect(!first.isEmpty)
    }

    @Test func commandErrorsAreTyped() throws {
        let engine = Engine(configuration: EngineConfiguration(shardCount: 1))
        let workspace = "WS" + String(repeating: "2", count: 32)
        do {
            _ = try engine.execute(.deleteTask(workspace: workspace, sid: "WT1", expectedVersion: nil),
                                   account: EngineFixture.account, now: Timestamp(unixSeconds: 1))
            Issue.record("a command on a missing workspace succeeded")
        } catch {
            #expect(error.code == .notFound)
        }
    }
}
