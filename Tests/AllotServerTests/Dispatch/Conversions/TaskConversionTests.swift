import AllotCore
@testable import AllotServer
@testable import AllotWire
import Testing

@Suite struct TaskConversionTests {
    /// The engine keeps a returned task's SID as bits. The reply carries it
    /// as text, and the direct writer encodes it as protobuf-c does.
    @Test func engineTaskReplyMatchesProtobufC() throws {
        let engine = Engine(configuration: EngineConfiguration(shardCount: 1))
        let account = "AC" + String(repeating: "4", count: 32)
        let now = Timestamp(unixSeconds: 1_700_000_000)
        let workspace = try engine.createWorkspace(CreateWorkspaceRequest(friendlyName: "Desk"), account: account, now: now).value.sid
        let queue = try engine.createTaskQueue(workspace: workspace, CreateTaskQueueRequest(friendlyName: "Q", targetWorkers: "1==1"),
                                               account: account, now: now).value.sid
        let configuration = #"{"task_routing":{"filters":[],"default_filter":{"queue":"\#(queue)"}}}"#
        let workflow = try engine.createWorkflow(workspace: workspace, CreateWorkflowRequest(friendlyName: "Flow", configuration: configuration),
                                                 account: account, now: now).value.sid
        let created = try engine.createTask(workspace: workspace, CreateTaskRequest(attributes: #"{"type":"support"}"#),
                                            account: account, now: now)
        let eventTaskSid = try #require(created.events.first { $0.type == .taskCreated }?.data.taskSid)

        let task = Wire.Task(created.value)
        #expect(task.sid == eventTaskSid)
        #expect(Sid.isValid(task.sid, prefix: .task))
        #expect(task.workspaceSID == workspace)
        #expect(task.taskQueueSID == queue)
        #expect(task.workflowSID == workflow)

        let fetched = Wire.Task(try engine.fetchTask(workspace: workspace, sid: task.sid, account: account, now: now))
        #expect(fetched == task)

        let frame = Wire.ServerFrame(callID: 9, status: Wire.Status(code: .ok), response: .task(task))
        #expect(try frame.encodedBytes() == (try frame.serializedBytes()))
        #expect(try Wire.ServerFrame.encodedReply(callID: 9, response: .task(task)) == (try frame.serializedBytes()))
    }
}
