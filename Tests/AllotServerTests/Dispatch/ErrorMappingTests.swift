import AllotTestSupport
import AllotWire
import Foundation
import Testing

/// Engine errors as status codes with the protocol's field names, against
/// the real allot-server process.
@Suite(.serialized) struct ErrorMappingTests {
    static let unknownWorker = "WK" + String(repeating: "0", count: 32)
    static let unknownWorkspace = "WS" + String(repeating: "0", count: 32)

    @Test func badExpressionNamesTargetWorkers() throws {
        let server = try ServerProcess()
        let client = try EngineClient(server)
        let fixture = try RoutingFixture(client)
        let reply = try client.call(.createTaskQueue(Wire.CreateTaskQueueRequest(
            workspaceSID: fixture.workspaceSID, friendlyName: "Broken", targetWorkers: "skills HAS")))
        #expect(reply.status?.code == .invalidArgument)
        #expect(reply.status?.field == "target_workers")
        #expect(reply.status?.message.isEmpty == false)
        #expect(reply.response == nil)
    }

    @Test func unknownSIDsAreNotFound() throws {
        let server = try ServerProcess()
        let client = try EngineClient(server)
        let fixture = try RoutingFixture(client)

        let worker = try client.call(.fetchWorker(Wire.FetchWorkerRequest(workspaceSID: fixture.workspaceSID, workerSID: Self.unknownWorker)))
        #expect(worker.status?.code == .notFound)
        #expect(worker.status?.field == "worker_sid")
        #expect(worker.status?.message.contains(Self.unknownWorker) == true)

        let workspace = try client.call(.fetchWorkspace(Wire.FetchWorkspaceRequest(workspaceSID: Self.unknownWorkspace)))
        #expect(workspace.status?.code == .notFound)
        #expect(workspace.status?.field == "workspace_sid")

        let channel = try client.call(.fetchWorkerChannel(Wire.FetchWorkerChannelRequest(
            workspaceSID: fixture.workspaceSID, workerSID: fixture.worker.sid, workerChannel: "fax")))
        #expect(channel.status?.code == .notFound)
        #expect(channel.status?.field == "worker_channel")

        let subscription = try client.call(.subscribeEvents(Wire.SubscribeEventsRequest(workspaceSID: fixture.workspaceSID, workerSID: Self.unknownWorker)))
        #expect(subscription.status?.code == .notFound)
        #expect(subscription.status?.field == "worker_sid")
    }

    @Test func oversizedAttributesAreInvalid() throws {
        let server = try ServerProcess()
        let client = try EngineClient(server)
        let fixture = try RoutingFixture(client)
        let attributes = "{\"notes\": \"" + String(repeating: "x", count: 4_096) + "\"}"
        let reply = try client.call(.createWorker(Wire.CreateWorkerRequest(workspaceSID: fixture.workspaceSID, friendlyName: "Carol", attributes: attributes)))
        #expect(reply.status?.code == .invalidArgument)
        #expect(reply.status?.field == "attributes")
        #expect(reply.status?.message.contains("limit of 4,096") == true)
    }

    @Test func staleVersionFailsPrecondition() throws {
        let server = try ServerProcess()
        let client = try EngineClient(server)
        let fixture = try RoutingFixture(client)
        let reply = try client.call(.updateWorker(Wire.UpdateWorkerRequest(
            workspaceSID: fixture.workspaceSID, workerSID: fixture.worker.sid, friendlyName: "Alicia",
            ifMatchVersion: fixture.worker.version + 7)))
        #expect(reply.status?.code == .failedPrecondition)
        #expect(reply.status?.field == "if_match_version")
    }

    @Test func conflictingTargetsAreInvalid() throws {
        let server = try ServerProcess()
        let client = try EngineClient(server)
        let fixture = try RoutingFixture(client)
        let reply = try client.call(.createTask(Wire.CreateTaskRequest(
            workspaceSID: fixture.workspaceSID, routingTarget: fixture.workflow.sid, taskQueueSID: fixture.queue.sid)))
        #expect(reply.status?.code == .invalidArgument)
        #expect(reply.status?.field == "task_queue_sid")
    }

    @Test func invalidStatisticsOptionsAreNamed() throws {
        let server = try ServerProcess()
        let client = try EngineClient(server)
        let fixture = try RoutingFixture(client)
        let channel = try client.call(.fetchWorkspaceRealTimeStatistics(Wire.FetchWorkspaceRealTimeStatisticsRequest(
            workspaceSID: fixture.workspaceSID, taskChannel: "fax")))
        #expect(channel.status?.code == .notFound)
        #expect(channel.status?.field == "task_channel")
        let voice = try client.call(.fetchWorkspaceRealTimeStatistics(Wire.FetchWorkspaceRealTimeStatisticsRequest(
            workspaceSID: fixture.workspaceSID, taskChannel: "voice")))
        #expect(voice.status?.code == .ok)
        let cumulativeChannel = try client.call(.fetchWorkspaceCumulativeStatistics(Wire.FetchWorkspaceCumulativeStatisticsRequest(
            workspaceSID: fixture.workspaceSID, taskChannel: "voice")))
        #expect(cumulativeChannel.status?.code == .ok)
        let unknownCumulative = try client.call(.fetchWorkerStatistics(Wire.FetchWorkerStatisticsRequest(
            workspaceSID: fixture.workspaceSID, workerSID: fixture.worker.sid, taskChannel: "fax")))
        #expect(unknownCumulative.status?.code == .notFound)
        #expect(unknownCumulative.status?.field == "task_channel")
        let unknownWorkers = try client.call(.fetchWorkersRealTimeStatistics(Wire.FetchWorkersRealTimeStatisticsRequest(
            workspaceSID: fixture.workspaceSID, taskChannel: "fax")))
        #expect(unknownWorkers.status?.code == .notFound)

        let split = try client.call(.fetchWorkspaceCumulativeStatistics(Wire.FetchWorkspaceCumulativeStatisticsRequest(
            workspaceSID: fixture.workspaceSID, splitByWaitTime: [30, 605])))
        #expect(split.status?.code == .invalidArgument)
        #expect(split.status?.field == "split_by_wait_time")
        #expect(split.status?.message.contains("threshold 605 is not a multiple of 10") == true)
        #expect(split.status?.message.contains("so pass 600 or 610") == true)

        let old = Wire.StatisticsWindow(startDateUnixMilliseconds: 1_000)
        let window = try client.call(.fetchTaskQueueCumulativeStatistics(Wire.FetchTaskQueueCumulativeStatisticsRequest(
            workspaceSID: fixture.workspaceSID, taskQueueSID: fixture.queue.sid, window: old)))
        #expect(window.status?.code == .invalidArgument)
        #expect(window.status?.field == "start_date_unix_milliseconds")
        #expect(window.status?.message.contains("more than 43200 minutes (30 days) before now") == true)

        let long = try client.call(.fetchWorkflowCumulativeStatistics(Wire.FetchWorkflowCumulativeStatisticsRequest(
            workspaceSID: fixture.workspaceSID, workflowSID: fixture.workflow.sid,
            window: Wire.StatisticsWindow(minutes: 43_201))))
        #expect(long.status?.code == .invalidArgument)
        #expect(long.status?.field == "minutes")
    }

    /// task_queue_sid alone becomes a queue routing target inside the server,
    /// so its errors used to name routing_target, which the client never set.
    @Test func badTaskQueueSIDNamesTaskQueueSID() throws {
        let server = try ServerProcess()
        let client = try EngineClient(server)
        let fixture = try RoutingFixture(client)
        let garbage = try client.call(.createTask(Wire.CreateTaskRequest(workspaceSID: fixture.workspaceSID, taskQueueSID: "garbage")))
        #expect(garbage.status?.code == .invalidArgument)
        #expect(garbage.status?.field == "task_queue_sid")
        #expect(garbage.status?.message == "TaskQueueSid 'garbage' is not a SID; pass 'WQ' followed by 32 hex digits")
        // A worker SID is not a queue, though routing_target would take it.
        let worker = try client.call(.createTask(Wire.CreateTaskRequest(workspaceSID: fixture.workspaceSID, taskQueueSID: fixture.worker.sid)))
        #expect(worker.status?.code == .invalidArgument)
        #expect(worker.status?.field == "task_queue_sid")
        let missing = "WQ" + String(repeating: "0", count: 32)
        let unknown = try client.call(.createTask(Wire.CreateTaskRequest(workspaceSID: fixture.workspaceSID, taskQueueSID: missing)))
        #expect(unknown.status?.code == .notFound)
        #expect(unknown.status?.field == "task_queue_sid")
    }

    @Test func reservationUpdateWithoutStatusNamesTheStatuses() throws {
        let server = try ServerProcess()
        let client = try EngineClient(server)
        let fixture = try RoutingFixture(client)
        let task = try fixture.createTask(client)
        guard case .reservationPage(let page) = try client.ok(.listTaskReservations(Wire.ListTaskReservationsRequest(
            workspaceSID: fixture.workspaceSID, taskSID: task.sid))), let reservation = page.reservations.first else {
            throw TestFailure("the task has no reservation")
        }
        let reply = try client.call(.updateReservation(Wire.UpdateReservationRequest(
            workspaceSID: fixture.workspaceSID, reservationSID: reservation.sid)))
        #expect(reply.status?.code == .invalidArgument)
        #expect(reply.status?.field == "reservation_status")
        #expect(reply.status?.message.contains("Instruction") == false, "\(String(describing: reply.status))")
        #expect(reply.status?.message.contains("pass accepted, rejected, wrapping or completed") == true)
    }

    /// A frame limit above the journal's record limit lets a request be too
    /// large to record. The error then names the field that made it so.
    @Test func requestOverJournalRecordLimitNamesItsLongestField() throws {
        let server = try ServerProcess(extraArguments: ["--max-frame-bytes", "\(32 << 20)"])
        let client = try EngineClient(server)
        var request = Wire.CreateWorkspaceRequest(friendlyName: "Huge")
        request.eventCallbackURL = "https://example.com/" + String(repeating: "a", count: 20 << 20)
        let callID = client.client.makeCallID()
        var framed: [UInt8] = []
        try FrameEncoder(maximumFrameBytes: 32 << 20).appendFrame(
            payload: Wire.ClientFrame(callID: callID, request: .createWorkspace(request)).serializedBytes(), to: &framed)
        try client.client.send(framed)
        let reply = try #require(try client.client.readFrame())
        #expect(reply.callID == callID)
        #expect(reply.status?.code == .invalidArgument)
        #expect(reply.status?.field == "event_callback_url")
        #expect(reply.status?.message.contains("over the journal record limit of 16777216") == true, "\(String(describing: reply.status))")
        #expect(reply.status?.message.contains("its longest field, CreateWorkspaceRequest.event_callback_url, has 20971540 bytes") == true)
        #expect(reply.status?.message.contains("attributes or configurations") == false)
    }
}
