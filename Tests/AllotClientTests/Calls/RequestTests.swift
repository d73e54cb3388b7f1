import AllotClient
import AllotTestSupport
import AllotWire
import Foundation
import Testing

/// Runs every typed call of the SDK against a real server.
@Suite struct RequestTests {
    @Test func workspaceCalls() async throws {
        let server = try ServerProcess()
        let connection = try await server.connect()
        let workspace = try await connection.createWorkspace(friendlyName: "Calls", multiTaskEnabled: true)
        #expect(workspace.multiTaskEnabled)
        let fetched = try await connection.fetchWorkspace(Wire.FetchWorkspaceRequest(workspaceSID: workspace.sid))
        #expect(fetched.sid == workspace.sid)
        let updated = try await connection.updateWorkspace(Wire.UpdateWorkspaceRequest(workspaceSID: workspace.sid, friendlyName: "Renamed"))
        #expect(updated.friendlyName == "Renamed")
        let page = try await connection.listWorkspaces(Wire.ListWorkspacesRequest(friendlyName: "Renamed"))
        #expect(page.workspaces.map(\.sid) == [workspace.sid])
        let deleted = try await connection.deleteWorkspace(Wire.DeleteWorkspaceRequest(workspaceSID: workspace.sid))
        #expect(deleted.sid == workspace.sid)
    }

    @Test func activityAndChannelCalls() async throws {
        let server = try ServerProcess()
        let connection = try await server.connect()
        let workspace = try await connection.createWorkspace(friendlyName: "Activities")
        let ws = workspace.sid

        let break_ = try await connection.createActivity(Wire.CreateActivityRequest(workspaceSID: ws, friendlyName: "Break", available: false))
        #expect(!break_.available)
        #expect(try await connection.fetchActivity(Wire.FetchActivityRequest(workspaceSID: ws, activitySID: break_.sid)).friendlyName == "Break")
        #expect(try await connection.updateActivity(Wire.UpdateActivityRequest(workspaceSID: ws, activitySID: break_.sid, friendlyName: "Lunch")).friendlyName == "Lunch")
        #expect(try await connection.activity(named: "Lunch", in: ws).sid == break_.sid)
        #expect(try await connection.listActivities(Wire.ListActivitiesRequest(workspaceSID: ws)).activities.count == 4)
        #expect(try await connection.deleteActivity(Wire.DeleteActivityRequest(workspaceSID: ws, activitySID: break_.sid)).sid == break_.sid)
        let missing = await #expect(throws: AllotError.self) { _ = try await connection.activity(named: "Lunch", in: ws) }
        #expect(missing?.code == .notFound)

        let channel = try await connection.createTaskChannel(Wire.CreateTaskChannelRequest(workspaceSID: ws, friendlyName: "Email", uniqueName: "email"))
        #expect(try await connection.fetchTaskChannel(Wire.FetchTaskChannelRequest(workspaceSID: ws, taskChannel: "email")).sid == channel.sid)
        #expect(try await connection.updateTaskChannel(Wire.UpdateTaskChannelRequest(workspaceSID: ws, taskChannel: channel.sid, friendlyName: "Mail")).friendlyName == "Mail")
        #expect(try await connection.listTaskChannels(Wire.ListTaskChannelsRequest(workspaceSID: ws)).taskChannels.contains { $0.sid == channel.sid })
        #expect(try await connection.deleteTaskChannel(Wire.DeleteTaskChannelRequest(workspaceSID: ws, taskChannel: channel.sid)).sid == channel.sid)
    }

    @Test func workerAndQueueCalls() async throws {
        let server = try ServerProcess()
        let connection = try await server.connect()
        let fixture = try await Fixture(connection)
        let ws = fixture.workspaceSID

        let worker = try await connection.fetchWorker(Wire.FetchWorkerRequest(workspaceSID: ws, workerSID: fixture.worker.sid))
        #expect(worker.attributes.contains("support"))
        let moved = try await connection.setActivity(of: worker.sid, in: ws, to: fixture.available.sid)
        #expect(moved.available)
        #expect(try await connection.updateWorker(Wire.UpdateWorkerRequest(workspaceSID: ws, workerSID: worker.sid, friendlyName: "Alicia")).friendlyName == "Alicia")
        #expect(try await connection.listWorkers(Wire.ListWorkersRequest(workspaceSID: ws, taskQueueSID: fixture.queue.sid)).workers.map(\.sid) == [worker.sid])

        let channels = try await connection.listWorkerChannels(Wire.ListWorkerChannelsRequest(workspaceSID: ws, workerSID: worker.sid))
        #expect(channels.workerChannels.count == 5)
        #expect(try await connection.fetchWorkerChannel(Wire.FetchWorkerChannelRequest(workspaceSID: ws, workerSID: worker.sid, workerChannel: "chat")).configuredCapacity == 1)
        #expect(try await connection.updateWorkerChannel(Wire.UpdateWorkerChannelRequest(workspaceSID: ws, workerSID: worker.sid, workerChannel: "chat", capacity: 3)).configuredCapacity == 3)

        let queue = try await connection.fetchTaskQueue(Wire.FetchTaskQueueRequest(workspaceSID: ws, taskQueueSID: fixture.queue.sid))
        #expect(queue.targetWorkers == #"skills HAS "support""#)
        #expect(try await connection.updateTaskQueue(Wire.UpdateTaskQueueRequest(workspaceSID: ws, taskQueueSID: queue.sid, maxReservedWorkers: 2)).maxReservedWorkers == 2)
        #expect(try await connection.listTaskQueues(Wire.ListTaskQueuesRequest(workspaceSID: ws, workerSID: worker.sid)).taskQueues.map(\.sid) == [queue.sid])
        let spare = try await connection.createTaskQueue(in: ws, friendlyName: "Spare")
        #expect(try await connection.deleteTaskQueue(Wire.DeleteTaskQueueRequest(workspaceSID: ws, taskQueueSID: spare.sid)).sid == spare.sid)

        let workflow = try await connection.fetchWorkflow(Wire.FetchWorkflowRequest(workspaceSID: ws, workflowSID: fixture.workflow.sid))
        #expect(workflow.taskReservationTimeout == 120)
        #expect(try await connection.updateWorkflow(Wire.UpdateWorkflowRequest(workspaceSID: ws, workflowSID: workflow.sid, taskReservationTimeout: 30)).taskReservationTimeout == 30)
        #expect(try await connection.listWorkflows(Wire.ListWorkflowsRequest(workspaceSID: ws)).workflows.map(\.sid) == [workflow.sid])
        let other = try await connection.createWorkflow(in: ws, friendlyName: "Other", configuration: workflow.configuration)
        #expect(try await connection.deleteWorkflow(Wire.DeleteWorkflowRequest(workspaceSID: ws, workflowSID: other.sid)).sid == other.sid)
        #expect(try await connection.deleteWorker(Wire.DeleteWorkerRequest(workspaceSID: ws, workerSID: worker.sid)).sid == worker.sid)
    }

    @Test func taskReservationAndStatisticsCalls() async throws {
        let server = try ServerProcess()
        let connection = try await server.connect()
        let fixture = try await Fixture(connection)
        let ws = fixture.workspaceSID
        _ = try await connection.setActivity(of: fixture.worker.sid, in: ws, to: fixture.available.sid)

        let task = try await connection.createTask(in: ws, attributes: #"{"type": "support"}"#, workflowSID: fixture.workflow.sid, priority: 5)
        #expect(try await connection.fetchTask(Wire.FetchTaskRequest(workspaceSID: ws, taskSID: task.sid)).assignmentStatus == .reserved)
        let reservations = try await connection.listTaskReservations(Wire.ListTaskReservationsRequest(workspaceSID: ws, taskSID: task.sid))
        let reservation = try #require(reservations.reservations.first)
        #expect(try await connection.listWorkerReservations(Wire.ListWorkerReservationsRequest(workspaceSID: ws, workerSID: fixture.worker.sid)).reservations.map(\.sid) == [reservation.sid])
        #expect(try await connection.fetchReservation(Wire.FetchReservationRequest(workspaceSID: ws, reservationSID: reservation.sid)).reservationStatus == .pending)
        #expect(try await connection.acceptReservation(reservation.sid, in: ws).reservationStatus == .accepted)
        #expect(try await connection.wrapUpTask(task.sid, in: ws).assignmentStatus == .wrapping)
        #expect(try await connection.completeTask(task.sid, in: ws, reason: "done").assignmentStatus == .completed)

        let second = try await connection.createTask(in: ws, attributes: "{}", workflowSID: fixture.workflow.sid)
        let offered = try #require(try await connection.listTaskReservations(Wire.ListTaskReservationsRequest(workspaceSID: ws, taskSID: second.sid)).reservations.first)
        #expect(try await connection.rejectReservation(offered.sid, in: ws).reservationStatus == .rejected)
        #expect(try await connection.updateTask(Wire.UpdateTaskRequest(workspaceSID: ws, taskSID: second.sid, priority: 9)).priority == 9)
        #expect(try await connection.cancelTask(second.sid, in: ws, reason: "test").assignmentStatus == .canceled)
        #expect(try await connection.listTasks(Wire.ListTasksRequest(workspaceSID: ws)).tasks.count == 2)
        #expect(try await connection.deleteTask(Wire.DeleteTaskRequest(workspaceSID: ws, taskSID: second.sid)).sid == second.sid)

        let window = Wire.StatisticsWindow(minutes: 15)
        #expect(try await connection.fetchWorkspaceRealTimeStatistics(Wire.FetchWorkspaceRealTimeStatisticsRequest(workspaceSID: ws)).totalWorkers == 1)
        #expect(try await connection.fetchWorkspaceCumulativeStatistics(Wire.FetchWorkspaceCumulativeStatisticsRequest(workspaceSID: ws, window: window)).tasksCreated == 2)
        #expect(try await connection.fetchTaskQueueRealTimeStatistics(Wire.FetchTaskQueueRealTimeStatisticsRequest(workspaceSID: ws, taskQueueSID: fixture.queue.sid)).totalEligibleWorkers == 1)
        #expect(try await connection.listTaskQueuesRealTimeStatistics(Wire.ListTaskQueuesRealTimeStatisticsRequest(workspaceSID: ws, taskQueueSIDs: [fixture.queue.sid])).taskQueueData.count == 1)
        #expect(try await connection.fetchTaskQueueCumulativeStatistics(Wire.FetchTaskQueueCumulativeStatisticsRequest(workspaceSID: ws, taskQueueSID: fixture.queue.sid, window: window)).tasksEntered == 2)
        #expect(try await connection.fetchWorkflowRealTimeStatistics(Wire.FetchWorkflowRealTimeStatisticsRequest(workspaceSID: ws, workflowSID: fixture.workflow.sid)).totalTasks == 0)
        #expect(try await connection.fetchWorkflowCumulativeStatistics(Wire.FetchWorkflowCumulativeStatisticsRequest(workspaceSID: ws, workflowSID: fixture.workflow.sid, window: window)).tasksCompleted == 1)
        let split = try await connection.fetchWorkflowCumulativeStatistics(Wire.FetchWorkflowCumulativeStatisticsRequest(
            workspaceSID: ws, workflowSID: fixture.workflow.sid, window: window, splitByWaitTime: [60]))
        #expect(split.splitByWaitTime.first?.threshold == 60)
        #expect(split.splitByWaitTime.first?.below?.reservationsAccepted == 1)
        #expect(split.splitByWaitTime.first?.below?.tasksCanceled == 1)
        #expect(try await connection.fetchWorkersRealTimeStatistics(Wire.FetchWorkersRealTimeStatisticsRequest(workspaceSID: ws)).totalWorkers == 1)
        #expect(try await connection.fetchWorkersCumulativeStatistics(Wire.FetchWorkersCumulativeStatisticsRequest(workspaceSID: ws, window: window)).reservations?.reservationsAccepted == 1)
        #expect(try await connection.fetchWorkerStatistics(Wire.FetchWorkerStatisticsRequest(workspaceSID: ws, workerSID: fixture.worker.sid, window: window)).reservations?.reservationsRejected == 1)

        let events = try await connection.listEvents(Wire.ListEventsRequest(workspaceSID: ws, eventType: "task.completed"))
        let completed = try #require(events.events.first)
        #expect(try await connection.fetchEvent(Wire.FetchEventRequest(workspaceSID: ws, eventSID: completed.sid)).taskSID == task.sid)
    }

    @Test func administrationCalls() async throws {
        let server = try ServerProcess()
        let connection = try await server.connect()
        #expect(try await connection.echo(Wire.Echo(payload: [1, 2, 3])).payload == [1, 2, 3])
        // A server without persistence answers UNIMPLEMENTED; either way the
        // reply reaches the caller as the typed result.
        do {
            let saved = try await connection.saveSnapshot(Wire.SnapshotSave())
            #expect(!saved.path.isEmpty)
        } catch {
            #expect(error.code == .unimplemented)
            #expect(error.origin == .server)
        }
        let workspace = try await connection.createWorkspace(friendlyName: "Subscribed")
        let stream = try await connection.events(workspace: workspace.sid)
        let subscriptionEnd = try await connection.unsubscribeEvents(Wire.UnsubscribeEventsRequest(subscriptionID: 1))
        #expect(subscriptionEnd.subscriptionID == 1)
        _ = stream
    }
}
