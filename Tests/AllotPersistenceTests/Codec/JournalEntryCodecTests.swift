import AllotCore
import AllotWire
import Testing

@testable import AllotPersistence

@Suite struct JournalEntryCodecTests {
    static let workspace = "WS" + String(repeating: "1", count: 32)

    /// Every command kind, once with every optional field set and once with none.
    static let commands: [EngineCommand] = {
        let workspaceSid = workspace
        var createWorkspace = CreateWorkspaceRequest(friendlyName: "W", sid: workspaceSid)
        createWorkspace.eventCallbackUrl = "https://example.invalid/events"
        createWorkspace.eventsFilter = "task.created"
        createWorkspace.multiTaskEnabled = false
        createWorkspace.template = "FIFO"
        createWorkspace.prioritizeQueueOrder = "LIFO"
        var updateWorkspace = UpdateWorkspaceRequest()
        updateWorkspace.friendlyName = "W2"
        updateWorkspace.defaultActivitySid = "WA1"
        updateWorkspace.timeoutActivitySid = "WA2"
        updateWorkspace.eventCallbackUrl = ""
        updateWorkspace.eventsFilter = ""
        updateWorkspace.multiTaskEnabled = true
        updateWorkspace.prioritizeQueueOrder = "FIFO"
        var createTask = CreateTaskRequest(attributes: #"{"a":1}"#, priority: -3, timeout: 60, taskChannel: "voice",
                                           workflowSid: "WW1")
        createTask.virtualStartTime = Timestamp(unixMilliseconds: -5)
        createTask.routingTarget = "WK1"
        createTask.ignoreCapacity = "true"
        var updateTask = UpdateTaskRequest(attributes: "{}", assignmentStatus: "canceled", reason: "r", priority: 2,
                                           expectedVersion: 7)
        updateTask.taskChannel = "chat"
        updateTask.virtualStartTime = Timestamp(unixMilliseconds: 99)
        return [
            .createWorkspace(createWorkspace), .createWorkspace(CreateWorkspaceRequest(friendlyName: "bare")),
            .updateWorkspace(workspace: workspaceSid, updateWorkspace), .updateWorkspace(workspace: workspaceSid, UpdateWorkspaceRequest()),
            .deleteWorkspace(workspace: workspaceSid),
            .createActivity(workspace: workspaceSid, CreateActivityRequest(friendlyName: "A", available: "true")),
            .updateActivity(workspace: workspaceSid, sid: "WA1", UpdateActivityRequest(friendlyName: "B", available: "false")),
            .updateActivity(workspace: workspaceSid, sid: "WA1", UpdateActivityRequest()),
            .deleteActivity(workspace: workspaceSid, sid: "WA1"),
            .createTaskChannel(workspace: workspaceSid, CreateTaskChannelRequest(friendlyName: "F", uniqueName: "f", channelOptimizedRouting: true)),
            .updateTaskChannel(workspace: workspaceSid, sid: "TC1", UpdateTaskChannelRequest(friendlyName: "G", channelOptimizedRouting: false)),
            .deleteTaskChannel(workspace: workspaceSid, sid: "TC1"),
            .createWorker(workspace: workspaceSid, CreateWorkerRequest(friendlyName: "w", activitySid: "WA1", attributes: "{}")),
            .updateWorker(workspace: workspaceSid, sid: "WK1", UpdateWorkerRequest(
                friendlyName: "x", activitySid: "WA2", attributes: #"{"b":[1]}"#, rejectPendingReservations: true,
                expectedVersion: 3)),
            .updateWorker(workspace: workspaceSid, sid: "WK1", UpdateWorkerRequest()),
            .deleteWorker(workspace: workspaceSid, sid: "WK1", expectedVersion: 4), .deleteWorker(workspace: workspaceSid, sid: "WK1", expectedVersion: nil),
            .updateWorkerChannel(workspace: workspaceSid, workerSid: "WK1", channel: "voice", UpdateWorkerChannelRequest(capacity: 5, available: false)),
            .createTaskQueue(workspace: workspaceSid, CreateTaskQueueRequest(
                friendlyName: "Q", targetWorkers: "1==1", reservationActivitySid: "WA1", assignmentActivitySid: "WA2",
                maxReservedWorkers: 4, taskOrder: "LIFO")),
            .updateTaskQueue(workspace: workspaceSid, sid: "WQ1", UpdateTaskQueueRequest(
                friendlyName: "R", targetWorkers: "a == 1", reservationActivitySid: "", assignmentActivitySid: "",
                maxReservedWorkers: 1, taskOrder: "FIFO")),
            .deleteTaskQueue(workspace: workspaceSid, sid: "WQ1"),
            .createWorkflow(workspace: workspaceSid, CreateWorkflowRequest(
                friendlyName: "F", configuration: "{}", assignmentCallbackUrl: "u", fallbackAssignmentCallbackUrl: "v",
                taskReservationTimeout: 30)),
            .updateWorkflow(workspace: workspaceSid, sid: "WW1", UpdateWorkflowRequest(
                friendlyName: "G", configuration: "{}", assignmentCallbackUrl: "", fallbackAssignmentCallbackUrl: "",
                taskReservationTimeout: 60, reEvaluateTasks: true)),
            .deleteWorkflow(workspace: workspaceSid, sid: "WW1"),
            .createTask(workspace: workspaceSid, createTask), .createTask(workspace: workspaceSid, CreateTaskRequest()),
            .updateTask(workspace: workspaceSid, sid: "WT1", updateTask), .updateTask(workspace: workspaceSid, sid: "WT1", UpdateTaskRequest()),
            .deleteTask(workspace: workspaceSid, sid: "WT1", expectedVersion: 2),
            .updateReservation(workspace: workspaceSid, sid: "WR1", UpdateReservationRequest(
                reservationStatus: "accepted", instruction: "dequeue", workerActivitySid: "WA1", expectedVersion: 1)),
            .updateReservation(workspace: workspaceSid, sid: "WR1", UpdateReservationRequest()),
            .advance,
        ]
    }()

    @Test(arguments: commands)
    func commandSurvivesRoundTrip(_ command: EngineCommand) throws {
        let content = JournalEntryContent(command: command, accountSid: Scenario.account,
                                          now: Timestamp(unixMilliseconds: 1_234), shardCount: 16)
        let decoded = try JournalEntryCodec.decode(try JournalEntryCodec.encode(content))
        #expect(decoded == content)
    }

    @Test func commandsCoverEveryJournalCase() {
        let kinds = Set(Self.commands.map { JournalCommandMapping.wire($0).fieldName })
        #expect(kinds == Set(Wire.JournalEntry.Command.fieldNames))
    }

    @Test func decodeRejectsEntryWithoutCommand() throws {
        let bytes = try Wire.JournalEntry(entryVersion: 1, accountSID: Scenario.account, shardCount: 1).serializedBytes()
        #expect(throws: PersistenceCodecError.invalidField(kind: "journal entry", field: "command", value: "missing")) {
            _ = try JournalEntryCodec.decode(bytes)
        }
    }

    @Test func decodeRejectsGarbage() {
        #expect(throws: PersistenceCodecError.self) {
            _ = try JournalEntryCodec.decode([0xFF, 0xFF, 0xFF])
        }
    }

    @Test func decodeRejectsZeroShardCount() throws {
        let bytes = try Wire.JournalEntry(entryVersion: 1, accountSID: Scenario.account, shardCount: 0,
                                          command: .advance(Wire.JournalAdvance())).serializedBytes()
        #expect(throws: PersistenceCodecError.invalidField(kind: "journal entry", field: "shard_count", value: "0")) {
            _ = try JournalEntryCodec.decode(bytes)
        }
    }
}
