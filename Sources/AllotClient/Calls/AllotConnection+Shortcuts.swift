import AllotWire

// Shortcuts with named parameters for the calls that dispatchers and
// workers make most. Each is one call of AllotConnection+Requests.swift.
extension AllotConnection {
    /// Creates a workspace with the default activities and task channels.
    public func createWorkspace(
        friendlyName: String,
        multiTaskEnabled: Bool? = nil,
        template: Wire.WorkspaceTemplate = .none
    ) async throws(AllotError) -> Wire.Workspace {
        try await createWorkspace(Wire.CreateWorkspaceRequest(friendlyName: friendlyName, multiTaskEnabled: multiTaskEnabled, template: template))
    }

    /// Returns the workspace's activity with this friendly name.
    ///
    /// - Throws: `notFound` when the workspace has no such activity.
    public func activity(named friendlyName: String, in workspaceSID: String) async throws(AllotError) -> Wire.Activity {
        let page = try await listActivities(Wire.ListActivitiesRequest(workspaceSID: workspaceSID, friendlyName: friendlyName))
        guard let activity = page.activities.first else {
            throw AllotError(code: .notFound, message: "workspace \(workspaceSID) has no activity named '\(friendlyName)'; list them with listActivities", field: "friendly_name")
        }
        return activity
    }

    /// Creates a worker; an empty `activitySID` means the workspace's default activity.
    public func createWorker(
        in workspaceSID: String,
        friendlyName: String,
        attributes: String = "{}",
        activitySID: String = ""
    ) async throws(AllotError) -> Wire.Worker {
        try await createWorker(Wire.CreateWorkerRequest(workspaceSID: workspaceSID, friendlyName: friendlyName, activitySID: activitySID, attributes: attributes))
    }

    /// Moves a worker to another activity.
    public func setActivity(of workerSID: String, in workspaceSID: String, to activitySID: String) async throws(AllotError) -> Wire.Worker {
        try await updateWorker(Wire.UpdateWorkerRequest(workspaceSID: workspaceSID, workerSID: workerSID, activitySID: activitySID))
    }

    /// Creates a task queue whose members are the workers `targetWorkers` selects.
    public func createTaskQueue(
        in workspaceSID: String,
        friendlyName: String,
        targetWorkers: String = "1==1",
        maxReservedWorkers: UInt32 = 1
    ) async throws(AllotError) -> Wire.TaskQueue {
        try await createTaskQueue(Wire.CreateTaskQueueRequest(
            workspaceSID: workspaceSID, friendlyName: friendlyName, targetWorkers: targetWorkers, maxReservedWorkers: maxReservedWorkers))
    }

    /// Creates a workflow from a routing document in TaskRouter's JSON
    /// format; a `taskReservationTimeoutSeconds` of zero means 120.
    public func createWorkflow(
        in workspaceSID: String,
        friendlyName: String,
        configuration: String,
        taskReservationTimeoutSeconds: UInt32 = 0
    ) async throws(AllotError) -> Wire.Workflow {
        try await createWorkflow(Wire.CreateWorkflowRequest(
            workspaceSID: workspaceSID, friendlyName: friendlyName, configuration: configuration,
            taskReservationTimeout: taskReservationTimeoutSeconds))
    }

    /// Creates a task and routes it. An empty `workflowSID` is allowed when
    /// the workspace has exactly one workflow; an empty `taskChannel` means "default".
    public func createTask(
        in workspaceSID: String,
        attributes: String,
        workflowSID: String = "",
        taskChannel: String = "",
        priority: Int64? = nil,
        timeoutSeconds: UInt32? = nil
    ) async throws(AllotError) -> Wire.Task {
        try await createTask(Wire.CreateTaskRequest(
            workspaceSID: workspaceSID, attributes: attributes, priority: priority, timeout: timeoutSeconds,
            taskChannel: taskChannel, workflowSID: workflowSID))
    }

    /// Accepts a pending reservation; its task is then assigned to the worker.
    public func acceptReservation(_ reservationSID: String, in workspaceSID: String) async throws(AllotError) -> Wire.Reservation {
        try await updateReservation(Wire.UpdateReservationRequest(workspaceSID: workspaceSID, reservationSID: reservationSID, reservationStatus: .accepted))
    }

    /// Rejects a pending reservation. The worker moves to `activitySID`, or
    /// back to the activity it had before the reservation when it is empty.
    public func rejectReservation(_ reservationSID: String, in workspaceSID: String, activitySID: String = "") async throws(AllotError) -> Wire.Reservation {
        try await updateReservation(Wire.UpdateReservationRequest(
            workspaceSID: workspaceSID, reservationSID: reservationSID, reservationStatus: .rejected, workerActivitySID: activitySID))
    }

    /// Moves an assigned task to wrapping: the main work is done.
    public func wrapUpTask(_ taskSID: String, in workspaceSID: String) async throws(AllotError) -> Wire.Task {
        try await updateTask(Wire.UpdateTaskRequest(workspaceSID: workspaceSID, taskSID: taskSID, assignmentStatus: .wrapping))
    }

    /// Moves an assigned or wrapping task to completed.
    public func completeTask(_ taskSID: String, in workspaceSID: String, reason: String = "") async throws(AllotError) -> Wire.Task {
        try await updateTask(Wire.UpdateTaskRequest(workspaceSID: workspaceSID, taskSID: taskSID, assignmentStatus: .completed, reason: reason))
    }

    /// Cancels a task that has not been assigned yet.
    public func cancelTask(_ taskSID: String, in workspaceSID: String, reason: String = "") async throws(AllotError) -> Wire.Task {
        try await updateTask(Wire.UpdateTaskRequest(workspaceSID: workspaceSID, taskSID: taskSID, assignmentStatus: .canceled, reason: reason))
    }
}
