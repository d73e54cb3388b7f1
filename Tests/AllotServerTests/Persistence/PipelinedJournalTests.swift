import AllotTestSupport
import AllotWire
import Foundation
import Testing

/// Many create-task calls sent in one write, which the server reads, runs and journals
/// together in one loop pass. A SIGKILL follows once every reply has arrived, and after a
/// restart on the same data folder every acknowledged task must be there.
@Suite(.serialized) struct PipelinedJournalTests {
    /// Calls in the one write, few enough to arrive in one read of the server.
    static let callCount = 40

    @Test(arguments: ["never", "interval:60000", "always"])
    func pipelinedCallsSurviveKill(fsync: String) throws {
        let folder = RestartTests.temporaryFolder()
        let first = try ServerProcess(extraArguments: ["--fsync", fsync], dataDirectory: folder, removesDataDirectory: true)
        let setup = try EngineClient(first)
        let fixture = try RoutingFixture(setup)

        // 1. Send every call in one write.
        let client = try TestClient(port: first.port)
        #expect(try client.hello(first.credentials).status?.code == .ok)
        var bytes: [UInt8] = []
        for index in 1...Self.callCount {
            let request = Wire.CreateTaskRequest(workspaceSID: fixture.workspaceSID, attributes: Self.attributes(index),
                                                 workflowSID: fixture.workflow.sid)
            bytes += try TestClient.framed(Wire.ClientFrame(callID: UInt64(index), request: .createTask(request)))
        }
        try client.send(bytes)

        // 2. Every call gets one reply, with its own task.
        var acknowledged: [UInt64: Wire.Task] = [:]
        while acknowledged.count < Self.callCount {
            let reply = try #require(try client.readFrame(), "--fsync \(fsync): the server closed the connection")
            guard case .task(let task)? = reply.response, reply.status?.code == .ok else {
                Issue.record("--fsync \(fsync): call \(reply.callID) failed: \(String(describing: reply.status))")
                return
            }
            #expect(acknowledged[reply.callID] == nil, "--fsync \(fsync): call \(reply.callID) was answered twice")
            #expect(sameJSON(task.attributes, Self.attributes(Int(reply.callID))), "--fsync \(fsync): call \(reply.callID) got \(task.attributes)")
            acknowledged[reply.callID] = task
        }
        #expect(Set(acknowledged.keys) == Set((1...Self.callCount).map(UInt64.init)))

        // 3. A crash after the replies loses none of the tasks.
        first.kill()
        let second = try ServerProcess(dataDirectory: folder, removesDataDirectory: true)
        let restarted = try CrashTests.listTasks(try EngineClient(second), fixture.workspaceSID)
        for (callID, task) in acknowledged.sorted(by: { $0.key < $1.key }) {
            let restored = restarted[task.sid]
            #expect(restored != nil, "--fsync \(fsync): the task of call \(callID) is missing after the restart")
            #expect(restored.map { sameJSON($0.attributes, task.attributes) } ?? true,
                    "--fsync \(fsync): task \(task.sid) came back with \(restored?.attributes ?? "")")
        }
        #expect(restarted.count == Self.callCount, "--fsync \(fsync): \(restarted.count) tasks after the restart")
        withExtendedLifetime(first) {}
    }

    static func attributes(_ index: Int) -> String {
        #"{"type": "support", "call": \#(index)}"#
    }
}
