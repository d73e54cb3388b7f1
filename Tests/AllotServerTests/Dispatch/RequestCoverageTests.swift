import AllotTestSupport
import AllotWire
import Foundation
import Testing

/// Every request of the protocol, sent to the real allot-server process.
@Suite(.serialized) struct RequestCoverageTests {
    @Test func everyRequestIsServed() throws {
        let server = try ServerProcess()
        let client = try EngineClient(server)
        let fixture = try RoutingFixture(client)
        let workspace = fixture.workspaceSID
        let task = try fixture.createTask(client)
        #expect(try client.responseName(.echo(Wire.Echo(payload: [1]))) == "echo")

        try checkWorkspaceRequests(client, fixture)
        try checkWorkerRequests(client, fixture)
        try checkRoutingRequests(client, fixture)

        #expect(try client.responseName(.fetchTask(Wire.FetchTaskRequest(workspaceSID: workspace, taskSID: task.sid))) == "task")
        #expect(try client.responseName(.listTasks(Wire.ListTasksRequest(workspaceSID: workspace))) == "task_page")
        #expect(try client.responseName(.updateTask(Wire.UpdateTaskRequest(workspaceSID: workspace, taskSID: task.sid, priority: 5))) == "task")
        try checkReservationRequests(client, fixture, taskSID: task.sid)
        try checkStatisticsRequests(client, fixture)
        try checkEventRequests(client, fixture)

        let spare = try fixture.createTask(client)
        #expect(try client.responseName(.deleteTask(Wire.DeleteTaskRequest(workspaceSID: workspace, taskSID: spare.sid))) == "deleted")
        #expect(try client.responseName(.snapshotSave(Wire.SnapshotSave())) == "snapshot_saved")
        #expect(try client.responseName(.deleteWorkspace(Wire.DeleteWorkspaceRequest(workspaceSID: workspace))) == "deleted")

        let everyRequest = Set(Wire.ClientFrame.Request.fieldNames).subtracting(["hello"])
        #expect(everyRequest.subtracting(client.sentRequestNames).isEmpty, "not sent: \(everyRequest.subtracting(client.sentRequestNames).sorted())")
    }

    private func checkWorkspaceRequests(_ client: EngineClient, _ fixture: RoutingFixture) throws {
        let workspace = fixture.workspaceSID
        #expect(try client.responseName(.fetchWorkspace(Wire.FetchWorkspaceRequest(workspaceSID: workspace))) == "workspace")
        #expect(try client.responseName(.updateWorkspace(Wire.UpdateWorkspaceRequest(workspaceSID: workspace, friendlyName: "Support desk"))) == "workspace")
        #expect(try client.responseName(.listWorkspaces(Wire.ListWorkspacesRequest())) == "workspace_page")

        #expect(try client.responseName(.fetchActivity(Wire.FetchActivityRequest(workspaceSID: workspace, activitySID: fixture.availableActivity.sid))) == "activity")
        guard case .activity(let activity) = try client.ok(.createActivity(Wire.CreateActivityRequest(workspaceSID: workspace, friendlyName: "Break", available: false))) else {
            throw TestFailure("create_activity did not return an activity")
        }
        #expect(!activity.available)
        #expect(try client.responseName(.updateActivity(Wire.UpdateActivityRequest(workspaceSID: workspace, activitySID: activity.sid, friendlyName: "Lunch"))) == "activity")
        #expect(try client.responseName(.deleteActivity(Wire.DeleteActivityRequest(workspaceSID: workspace, activitySID: activity.sid))) == "deleted")

        #expect(try client.responseName(.createTaskChannel(Wire.CreateTaskChannelRequest(workspaceSID: workspace, friendlyName: "Email", uniqueName: "email"))) == "task_channel")
        #expect(try client.responseName(.fetchTaskChannel(Wire.FetchTaskChannelRequest(workspaceSID: workspace, taskChannel: "email"))) == "task_channel")
        #expect(try client.responseName(.updateTaskChannel(Wire.UpdateTaskChannelRequest(workspaceSID: workspace, taskChannel: "email", channelOptimizedRouting: true))) == "task_channel")
        #expect(try client.responseName(.listTaskChannels(Wire.ListTaskChannelsRequest(workspaceSID: workspace))) == "task_channel_page")
        #expect(try client.responseName(.deleteTaskChannel(Wire.DeleteTaskChannelRequest(workspaceSID: workspace, taskChannel: "email"))) == "deleted")
    }

    private func checkWorkerRequests(_ client: EngineClient, _ fixture: RoutingFixture) throws {
        let workspace = fixture.workspaceSID
        let worker = fixture.worker.sid
        #expect(try client.responseName(.fetchWorker(Wire.FetchWorkerRequest(workspaceSID: workspace, workerSID: worker))) == "worker")
        #expect(try client.responseName(.listWorkers(Wire.ListWorkersRequest(workspaceSID: workspace))) == "worker_page")
        #expect(try client.responseName(.fetchWorkerChannel(Wire.FetchWorkerChannelRequest(workspaceSID: workspace, workerSID: worker, workerChannel: "default"))) == "worker_channel")
        #expect(try client.responseName(.updateWorkerChannel(Wire.UpdateWorkerChannelRequest(workspaceSID: workspace, workerSID: worker, workerChannel: "default", capacity: 2))) == "worker_channel")
        #expect(try client.responseName(.listWorkerChannels(Wire.ListWorkerChannelsRequest(workspaceSID: workspace, workerSID: worker))) == "worker_channel_page")
        guard case .worker(let bob) = try client.ok(.createWorker(Wire.CreateWorkerRequest(workspaceSID: workspace, friendlyName: "Bob"))) else {
            throw TestFailure("create_worker did not return a worker")
        }
        #expect(bob.attributes == "{}")
        #expect(try client.responseName(.deleteWorker(Wire.DeleteWorkerRequest(workspaceSID: workspace, workerSID: bob.sid))) == "deleted")
    }

    private func checkRoutingRequests(_ client: EngineClient, _ fixture: RoutingFixture) throws {
        let workspace = fixture.workspaceSID
        #expect(try client.responseName(.fetchTaskQueue(Wire.FetchTaskQueueRequest(workspaceSID: workspace, taskQueueSID: fixture.queue.sid))) == "task_queue")
        #expect(try client.responseName(.updateTaskQueue(Wire.UpdateTaskQueueRequest(workspaceSID: workspace, taskQueueSID: fixture.queue.sid, friendlyName: "Support line"))) == "task_queue")
        #expect(try client.responseName(.listTaskQueues(Wire.ListTaskQueuesRequest(workspaceSID: workspace))) == "task_queue_page")
        guard case .taskQueue(let spareQueue) = try client.ok(.createTaskQueue(Wire.CreateTaskQueueRequest(workspaceSID: workspace, friendlyName: "Spare"))) else {
            throw TestFailure("create_task_queue did not return a task queue")
        }
        #expect(spareQueue.targetWorkers == "1==1")

        #expect(try client.responseName(.fetchWorkflow(Wire.FetchWorkflowRequest(workspaceSID: workspace, workflowSID: fixture.workflow.sid))) == "workflow")
        #expect(try client.responseName(.updateWorkflow(Wire.UpdateWorkflowRequest(workspaceSID: workspace, workflowSID: fixture.workflow.sid, taskReservationTimeout: 60))) == "workflow")
        #expect(try client.responseName(.listWorkflows(Wire.ListWorkflowsRequest(workspaceSID: workspace))) == "workflow_page")
        let configuration = #"{"task_routing": {"default_filter": {"queue": "\#(spareQueue.sid)"}}}"#
        guard case .workflow(let spareFlow) = try client.ok(.createWorkflow(Wire.CreateWorkflowRequest(workspaceSID: workspace, friendlyName: "Spare", configuration: configuration))) else {
            throw TestFailure("create_workflow did not return a workflow")
        }
        #expect(spareFlow.taskReservationTimeout == 120)
        #expect(try client.responseName(.deleteWorkflow(Wire.DeleteWorkflowRequest(workspaceSID: workspace, workflowSID: spareFlow.sid))) == "deleted")
        #expect(try client.responseName(.deleteTaskQueue(Wire.DeleteTaskQueueRequest(workspaceSID: workspace, taskQueueSID: spareQueue.sid))) == "deleted")
    }

    private func checkReservationRequests(_ client: EngineClient, _ fixture: RoutingFixture, taskSID: String) throws {
        let workspace = fixture.workspaceSID
        guard case .reservationPage(let page) = try client.ok(.listTaskReservations(Wire.ListTaskReservationsRequest(workspaceSID: workspace, taskSID: taskSID))),
              let reservation = page.reservations.first else {
            throw TestFailure("the task has no reservation")
        }
        #expect(reservation.reservationStatus == .pending)
        #expect(reservation.timeoutUnixMilliseconds == reservation.dateCreatedUnixMilliseconds + 120_000)
        #expect(try client.responseName(.fetchReservation(Wire.FetchReservationRequest(workspaceSID: workspace, reservationSID: reservation.sid))) == "reservation")
        #expect(try client.responseName(.listWorkerReservations(Wire.ListWorkerReservationsRequest(workspaceSID: workspace, workerSID: fixture.worker.sid))) == "reservation_page")
        #expect(try client.responseName(.updateReservation(Wire.UpdateReservationRequest(workspaceSID: workspace, reservationSID: reservation.sid, reservationStatus: .accepted))) == "reservation")
    }

    private func checkStatisticsRequests(_ client: EngineClient, _ fixture: RoutingFixture) throws {
        let workspace = fixture.workspaceSID
        let queue = fixture.queue.sid
        let workflow = fixture.workflow.sid
        #expect(try client.responseName(.fetchWorkspaceRealTimeStatistics(Wire.FetchWorkspaceRealTimeStatisticsRequest(workspaceSID: workspace))) == "workspace_real_time_statistics")
        #expect(try client.responseName(.fetchWorkspaceCumulativeStatistics(Wire.FetchWorkspaceCumulativeStatisticsRequest(workspaceSID: workspace))) == "workspace_cumulative_statistics")
        #expect(try client.responseName(.fetchTaskQueueRealTimeStatistics(Wire.FetchTaskQueueRealTimeStatisticsRequest(workspaceSID: workspace, taskQueueSID: queue))) == "task_queue_real_time_statistics")
        #expect(try client.responseName(.listTaskQueuesRealTimeStatistics(Wire.ListTaskQueuesRealTimeStatisticsRequest(workspaceSID: workspace, taskQueueSIDs: [queue]))) == "task_queue_real_time_statistics_list")
        #expect(try client.responseName(.fetchTaskQueueCumulativeStatistics(Wire.FetchTaskQueueCumulativeStatisticsRequest(workspaceSID: workspace, taskQueueSID: queue))) == "task_queue_cumulative_statistics")
        #expect(try client.responseName(.fetchWorkflowRealTimeStatistics(Wire.FetchWorkflowRealTimeStatisticsRequest(workspaceSID: workspace, workflowSID: workflow))) == "workflow_real_time_statistics")
        #expect(try client.responseName(.fetchWorkflowCumulativeStatistics(Wire.FetchWorkflowCumulativeStatisticsRequest(workspaceSID: workspace, workflowSID: workflow))) == "workflow_cumulative_statistics")
        #expect(try client.responseName(.fetchWorkersRealTimeStatistics(Wire.FetchWorkersRealTimeStatisticsRequest(workspaceSID: workspace))) == "workers_real_time_statistics")
        #expect(try client.responseName(.fetchWorkersCumulativeStatistics(Wire.FetchWorkersCumulativeStatisticsRequest(workspaceSID: workspace))) == "workers_cumulative_statistics")
        #expect(try client.responseName(.fetchWorkerStatistics(Wire.FetchWorkerStatisticsRequest(workspaceSID: workspace, workerSID: fixture.worker.sid))) == "worker_statistics")
    }

    private func checkEventRequests(_ client: EngineClient, _ fixture: RoutingFixture) throws {
        let workspace = fixture.workspaceSID
        guard case .eventPage(let page) = try client.ok(.listEvents(Wire.ListEventsRequest(workspaceSID: workspace))),
              let first = page.events.first else {
            throw TestFailure("list_events returned no event")
        }
        #expect(first.eventType == "workspace.created")
        #expect(first.sequence == 1)
        guard case .event(let fetched) = try client.ok(.fetchEvent(Wire.FetchEventRequest(workspaceSID: workspace, eventSID: first.sid))) else {
            throw TestFailure("fetch_event did not return an event")
        }
        #expect(fetched == first)
        guard case .subscription(let subscription) = try client.ok(.subscribeEvents(Wire.SubscribeEventsRequest(workspaceSID: workspace))) else {
            throw TestFailure("subscribe_events did not return a subscription")
        }
        guard case .subscriptionEnded(let ended) = try client.ok(.unsubscribeEvents(Wire.UnsubscribeEventsRequest(subscriptionID: subscription.subscriptionID))) else {
            throw TestFailure("unsubscribe_events did not return subscription_ended")
        }
        #expect(ended.subscriptionID == subscription.subscriptionID)
        #expect(ended.lastDeliveredSequence == subscription.nextSequence - 1)
    }
}
