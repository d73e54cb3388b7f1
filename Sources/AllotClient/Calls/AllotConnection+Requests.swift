import AllotWire

// One typed method per request of the protocol, except Hello (sent by
// `connect`) and subscribe_events (used through `events(workspace:after:)`).
// Each sends the request with `call(_:timeout:)` and returns the response
// the protocol names for it.
extension AllotConnection {
    /// Creates a workspace owned by the connection's account.
    public func createWorkspace(_ request: Wire.CreateWorkspaceRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.Workspace {
        let response = try await call(.createWorkspace(request), timeout: timeout)
        guard case .workspace(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "workspace")
        }
        return value
    }

    /// Fetches one workspace.
    public func fetchWorkspace(_ request: Wire.FetchWorkspaceRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.Workspace {
        let response = try await call(.fetchWorkspace(request), timeout: timeout)
        guard case .workspace(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "workspace")
        }
        return value
    }

    /// Changes the given fields of a workspace.
    public func updateWorkspace(_ request: Wire.UpdateWorkspaceRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.Workspace {
        let response = try await call(.updateWorkspace(request), timeout: timeout)
        guard case .workspace(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "workspace")
        }
        return value
    }

    /// Deletes a workspace and everything in it.
    public func deleteWorkspace(_ request: Wire.DeleteWorkspaceRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.Deleted {
        let response = try await call(.deleteWorkspace(request), timeout: timeout)
        guard case .deleted(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "deleted")
        }
        return value
    }

    /// Lists one page of the account's workspaces.
    public func listWorkspaces(_ request: Wire.ListWorkspacesRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.WorkspacePage {
        let response = try await call(.listWorkspaces(request), timeout: timeout)
        guard case .workspacePage(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "workspacePage")
        }
        return value
    }

    /// Creates an activity.
    public func createActivity(_ request: Wire.CreateActivityRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.Activity {
        let response = try await call(.createActivity(request), timeout: timeout)
        guard case .activity(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "activity")
        }
        return value
    }

    /// Fetches one activity.
    public func fetchActivity(_ request: Wire.FetchActivityRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.Activity {
        let response = try await call(.fetchActivity(request), timeout: timeout)
        guard case .activity(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "activity")
        }
        return value
    }

    /// Renames an activity.
    public func updateActivity(_ request: Wire.UpdateActivityRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.Activity {
        let response = try await call(.updateActivity(request), timeout: timeout)
        guard case .activity(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "activity")
        }
        return value
    }

    /// Deletes an activity that nothing refers to.
    public func deleteActivity(_ request: Wire.DeleteActivityRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.Deleted {
        let response = try await call(.deleteActivity(request), timeout: timeout)
        guard case .deleted(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "deleted")
        }
        return value
    }

    /// Lists one page of a workspace's activities.
    public func listActivities(_ request: Wire.ListActivitiesRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.ActivityPage {
        let response = try await call(.listActivities(request), timeout: timeout)
        guard case .activityPage(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "activityPage")
        }
        return value
    }

    /// Creates a task channel, and a worker channel for it on every worker.
    public func createTaskChannel(_ request: Wire.CreateTaskChannelRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.TaskChannel {
        let response = try await call(.createTaskChannel(request), timeout: timeout)
        guard case .taskChannel(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "taskChannel")
        }
        return value
    }

    /// Fetches one task channel by SID or unique name.
    public func fetchTaskChannel(_ request: Wire.FetchTaskChannelRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.TaskChannel {
        let response = try await call(.fetchTaskChannel(request), timeout: timeout)
        guard case .taskChannel(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "taskChannel")
        }
        return value
    }

    /// Changes the given fields of a task channel.
    public func updateTaskChannel(_ request: Wire.UpdateTaskChannelRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.TaskChannel {
        let response = try await call(.updateTaskChannel(request), timeout: timeout)
        guard case .taskChannel(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "taskChannel")
        }
        return value
    }

    /// Deletes a task channel that no task uses.
    public func deleteTaskChannel(_ request: Wire.DeleteTaskChannelRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.Deleted {
        let response = try await call(.deleteTaskChannel(request), timeout: timeout)
        guard case .deleted(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "deleted")
        }
        return value
    }

    /// Lists one page of a workspace's task channels.
    public func listTaskChannels(_ request: Wire.ListTaskChannelsRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.TaskChannelPage {
        let response = try await call(.listTaskChannels(request), timeout: timeout)
        guard case .taskChannelPage(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "taskChannelPage")
        }
        return value
    }

    /// Creates a worker, with one worker channel per task channel.
    public func createWorker(_ request: Wire.CreateWorkerRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.Worker {
        let response = try await call(.createWorker(request), timeout: timeout)
        guard case .worker(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "worker")
        }
        return value
    }

    /// Fetches one worker, attributes included.
    public func fetchWorker(_ request: Wire.FetchWorkerRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.Worker {
        let response = try await call(.fetchWorker(request), timeout: timeout)
        guard case .worker(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "worker")
        }
        return value
    }

    /// Changes a worker's activity, attributes or name.
    public func updateWorker(_ request: Wire.UpdateWorkerRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.Worker {
        let response = try await call(.updateWorker(request), timeout: timeout)
        guard case .worker(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "worker")
        }
        return value
    }

    /// Deletes a worker.
    public func deleteWorker(_ request: Wire.DeleteWorkerRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.Deleted {
        let response = try await call(.deleteWorker(request), timeout: timeout)
        guard case .deleted(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "deleted")
        }
        return value
    }

    /// Lists one page of a workspace's workers, without their attributes.
    public func listWorkers(_ request: Wire.ListWorkersRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.WorkerPage {
        let response = try await call(.listWorkers(request), timeout: timeout)
        guard case .workerPage(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "workerPage")
        }
        return value
    }

    /// Fetches one of a worker's channels.
    public func fetchWorkerChannel(_ request: Wire.FetchWorkerChannelRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.WorkerChannel {
        let response = try await call(.fetchWorkerChannel(request), timeout: timeout)
        guard case .workerChannel(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "workerChannel")
        }
        return value
    }

    /// Changes a worker's capacity or availability on one channel.
    public func updateWorkerChannel(_ request: Wire.UpdateWorkerChannelRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.WorkerChannel {
        let response = try await call(.updateWorkerChannel(request), timeout: timeout)
        guard case .workerChannel(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "workerChannel")
        }
        return value
    }

    /// Lists one page of a worker's channels.
    public func listWorkerChannels(_ request: Wire.ListWorkerChannelsRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.WorkerChannelPage {
        let response = try await call(.listWorkerChannels(request), timeout: timeout)
        guard case .workerChannelPage(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "workerChannelPage")
        }
        return value
    }

    /// Creates a task queue.
    public func createTaskQueue(_ request: Wire.CreateTaskQueueRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.TaskQueue {
        let response = try await call(.createTaskQueue(request), timeout: timeout)
        guard case .taskQueue(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "taskQueue")
        }
        return value
    }

    /// Fetches one task queue.
    public func fetchTaskQueue(_ request: Wire.FetchTaskQueueRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.TaskQueue {
        let response = try await call(.fetchTaskQueue(request), timeout: timeout)
        guard case .taskQueue(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "taskQueue")
        }
        return value
    }

    /// Changes the given fields of a task queue.
    public func updateTaskQueue(_ request: Wire.UpdateTaskQueueRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.TaskQueue {
        let response = try await call(.updateTaskQueue(request), timeout: timeout)
        guard case .taskQueue(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "taskQueue")
        }
        return value
    }

    /// Deletes an empty task queue.
    public func deleteTaskQueue(_ request: Wire.DeleteTaskQueueRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.Deleted {
        let response = try await call(.deleteTaskQueue(request), timeout: timeout)
        guard case .deleted(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "deleted")
        }
        return value
    }

    /// Lists one page of a workspace's task queues.
    public func listTaskQueues(_ request: Wire.ListTaskQueuesRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.TaskQueuePage {
        let response = try await call(.listTaskQueues(request), timeout: timeout)
        guard case .taskQueuePage(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "taskQueuePage")
        }
        return value
    }

    /// Creates a workflow from a TaskRouter routing document.
    public func createWorkflow(_ request: Wire.CreateWorkflowRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.Workflow {
        let response = try await call(.createWorkflow(request), timeout: timeout)
        guard case .workflow(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "workflow")
        }
        return value
    }

    /// Fetches one workflow.
    public func fetchWorkflow(_ request: Wire.FetchWorkflowRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.Workflow {
        let response = try await call(.fetchWorkflow(request), timeout: timeout)
        guard case .workflow(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "workflow")
        }
        return value
    }

    /// Changes the given fields of a workflow.
    public func updateWorkflow(_ request: Wire.UpdateWorkflowRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.Workflow {
        let response = try await call(.updateWorkflow(request), timeout: timeout)
        guard case .workflow(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "workflow")
        }
        return value
    }

    /// Deletes a workflow that no task uses.
    public func deleteWorkflow(_ request: Wire.DeleteWorkflowRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.Deleted {
        let response = try await call(.deleteWorkflow(request), timeout: timeout)
        guard case .deleted(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "deleted")
        }
        return value
    }

    /// Lists one page of a workspace's workflows.
    public func listWorkflows(_ request: Wire.ListWorkflowsRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.WorkflowPage {
        let response = try await call(.listWorkflows(request), timeout: timeout)
        guard case .workflowPage(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "workflowPage")
        }
        return value
    }

    /// Creates a task and routes it.
    public func createTask(_ request: Wire.CreateTaskRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.Task {
        let response = try await call(.createTask(request), timeout: timeout)
        guard case .task(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "task")
        }
        return value
    }

    /// Fetches one task, attributes included.
    public func fetchTask(_ request: Wire.FetchTaskRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.Task {
        let response = try await call(.fetchTask(request), timeout: timeout)
        guard case .task(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "task")
        }
        return value
    }

    /// Changes a task's attributes, priority or channel, or moves it to canceled, wrapping or completed.
    public func updateTask(_ request: Wire.UpdateTaskRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.Task {
        let response = try await call(.updateTask(request), timeout: timeout)
        guard case .task(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "task")
        }
        return value
    }

    /// Deletes a task and its pending reservations.
    public func deleteTask(_ request: Wire.DeleteTaskRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.Deleted {
        let response = try await call(.deleteTask(request), timeout: timeout)
        guard case .deleted(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "deleted")
        }
        return value
    }

    /// Lists one page of a workspace's tasks, without their attributes.
    public func listTasks(_ request: Wire.ListTasksRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.TaskPage {
        let response = try await call(.listTasks(request), timeout: timeout)
        guard case .taskPage(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "taskPage")
        }
        return value
    }

    /// Fetches one reservation.
    public func fetchReservation(_ request: Wire.FetchReservationRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.Reservation {
        let response = try await call(.fetchReservation(request), timeout: timeout)
        guard case .reservation(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "reservation")
        }
        return value
    }

    /// Accepts, rejects, wraps up or completes a reservation.
    public func updateReservation(_ request: Wire.UpdateReservationRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.Reservation {
        let response = try await call(.updateReservation(request), timeout: timeout)
        guard case .reservation(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "reservation")
        }
        return value
    }

    /// Lists one page of a task's reservations.
    public func listTaskReservations(_ request: Wire.ListTaskReservationsRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.ReservationPage {
        let response = try await call(.listTaskReservations(request), timeout: timeout)
        guard case .reservationPage(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "reservationPage")
        }
        return value
    }

    /// Lists one page of a worker's reservations.
    public func listWorkerReservations(_ request: Wire.ListWorkerReservationsRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.ReservationPage {
        let response = try await call(.listWorkerReservations(request), timeout: timeout)
        guard case .reservationPage(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "reservationPage")
        }
        return value
    }

    /// Fetches a workspace's state now.
    public func fetchWorkspaceRealTimeStatistics(_ request: Wire.FetchWorkspaceRealTimeStatisticsRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.WorkspaceRealTimeStatistics {
        let response = try await call(.fetchWorkspaceRealTimeStatistics(request), timeout: timeout)
        guard case .workspaceRealTimeStatistics(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "workspaceRealTimeStatistics")
        }
        return value
    }

    /// Fetches what happened in a workspace over a window.
    public func fetchWorkspaceCumulativeStatistics(_ request: Wire.FetchWorkspaceCumulativeStatisticsRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.WorkspaceCumulativeStatistics {
        let response = try await call(.fetchWorkspaceCumulativeStatistics(request), timeout: timeout)
        guard case .workspaceCumulativeStatistics(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "workspaceCumulativeStatistics")
        }
        return value
    }

    /// Fetches a queue's state now.
    public func fetchTaskQueueRealTimeStatistics(_ request: Wire.FetchTaskQueueRealTimeStatisticsRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.TaskQueueRealTimeStatistics {
        let response = try await call(.fetchTaskQueueRealTimeStatistics(request), timeout: timeout)
        guard case .taskQueueRealTimeStatistics(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "taskQueueRealTimeStatistics")
        }
        return value
    }

    /// Fetches the state now of up to 50 queues.
    public func listTaskQueuesRealTimeStatistics(_ request: Wire.ListTaskQueuesRealTimeStatisticsRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.TaskQueueRealTimeStatisticsList {
        let response = try await call(.listTaskQueuesRealTimeStatistics(request), timeout: timeout)
        guard case .taskQueueRealTimeStatisticsList(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "taskQueueRealTimeStatisticsList")
        }
        return value
    }

    /// Fetches what happened in a queue over a window.
    public func fetchTaskQueueCumulativeStatistics(_ request: Wire.FetchTaskQueueCumulativeStatisticsRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.TaskQueueCumulativeStatistics {
        let response = try await call(.fetchTaskQueueCumulativeStatistics(request), timeout: timeout)
        guard case .taskQueueCumulativeStatistics(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "taskQueueCumulativeStatistics")
        }
        return value
    }

    /// Fetches a workflow's state now.
    public func fetchWorkflowRealTimeStatistics(_ request: Wire.FetchWorkflowRealTimeStatisticsRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.WorkflowRealTimeStatistics {
        let response = try await call(.fetchWorkflowRealTimeStatistics(request), timeout: timeout)
        guard case .workflowRealTimeStatistics(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "workflowRealTimeStatistics")
        }
        return value
    }

    /// Fetches what happened in a workflow over a window.
    public func fetchWorkflowCumulativeStatistics(_ request: Wire.FetchWorkflowCumulativeStatisticsRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.WorkflowCumulativeStatistics {
        let response = try await call(.fetchWorkflowCumulativeStatistics(request), timeout: timeout)
        guard case .workflowCumulativeStatistics(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "workflowCumulativeStatistics")
        }
        return value
    }

    /// Fetches the state now of a workspace's workers.
    public func fetchWorkersRealTimeStatistics(_ request: Wire.FetchWorkersRealTimeStatisticsRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.WorkersRealTimeStatistics {
        let response = try await call(.fetchWorkersRealTimeStatistics(request), timeout: timeout)
        guard case .workersRealTimeStatistics(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "workersRealTimeStatistics")
        }
        return value
    }

    /// Fetches what a workspace's workers did over a window.
    public func fetchWorkersCumulativeStatistics(_ request: Wire.FetchWorkersCumulativeStatisticsRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.WorkersCumulativeStatistics {
        let response = try await call(.fetchWorkersCumulativeStatistics(request), timeout: timeout)
        guard case .workersCumulativeStatistics(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "workersCumulativeStatistics")
        }
        return value
    }

    /// Fetches what one worker did over a window.
    public func fetchWorkerStatistics(_ request: Wire.FetchWorkerStatisticsRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.WorkerStatistics {
        let response = try await call(.fetchWorkerStatistics(request), timeout: timeout)
        guard case .workerStatistics(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "workerStatistics")
        }
        return value
    }

    /// Lists one page of a workspace's recent events.
    public func listEvents(_ request: Wire.ListEventsRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.EventPage {
        let response = try await call(.listEvents(request), timeout: timeout)
        guard case .eventPage(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "eventPage")
        }
        return value
    }

    /// Fetches one event.
    public func fetchEvent(_ request: Wire.FetchEventRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.Event {
        let response = try await call(.fetchEvent(request), timeout: timeout)
        guard case .event(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "event")
        }
        return value
    }

    /// Stops a subscription.
    public func unsubscribeEvents(_ request: Wire.UnsubscribeEventsRequest, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.SubscriptionEnded {
        let response = try await call(.unsubscribeEvents(request), timeout: timeout)
        guard case .subscriptionEnded(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "subscriptionEnded")
        }
        return value
    }

    /// Returns the payload unchanged; for diagnostics.
    public func echo(_ request: Wire.Echo, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.EchoReply {
        let response = try await call(.echo(request), timeout: timeout)
        guard case .echo(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "echo")
        }
        return value
    }

    /// Writes a snapshot of every workspace now; needs an administrator account.
    public func saveSnapshot(_ request: Wire.SnapshotSave, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.SnapshotSaved {
        let response = try await call(.snapshotSave(request), timeout: timeout)
        guard case .snapshotSaved(let value) = response else {
            throw AllotError.unexpectedResponse(response, expected: "snapshotSaved")
        }
        return value
    }
}
