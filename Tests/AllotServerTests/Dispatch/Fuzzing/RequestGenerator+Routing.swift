import AllotWire

/// Requests about task queues and workflows.
extension RequestGenerator {
    mutating func routingRequest(_ name: String) -> Wire.ClientFrame.Request? {
        let workspace = workspaceSid()
        switch name {
        case "create_task_queue":
            return .createTaskQueue(Wire.CreateTaskQueueRequest(
                workspaceSID: workspace, friendlyName: nextName(), targetWorkers: targetWorkers(),
                reservationActivitySID: values.chance(0.8) ? "" : sid(.activity, in: workspace),
                assignmentActivitySID: values.chance(0.8) ? "" : sid(.activity, in: workspace),
                maxReservedWorkers: values.chance(0.6) ? UInt32(values.int(in: 0...3)) : values.uint32(),
                taskOrder: Wire.QueueOrder(wireValue: values.enumWireValue(definedCount: 3))))
        case "fetch_task_queue":
            return .fetchTaskQueue(Wire.FetchTaskQueueRequest(workspaceSID: workspace, taskQueueSID: sid(.taskQueue, in: workspace)))
        case "update_task_queue":
            return .updateTaskQueue(Wire.UpdateTaskQueueRequest(
                workspaceSID: workspace, taskQueueSID: sid(.taskQueue, in: workspace),
                friendlyName: values.chance(0.2) ? nextName() : nil, targetWorkers: values.chance(0.4) ? targetWorkers() : nil,
                reservationActivitySID: values.chance(0.15) ? sid(.activity, in: workspace) : nil,
                assignmentActivitySID: values.chance(0.15) ? sid(.activity, in: workspace) : nil,
                maxReservedWorkers: values.chance(0.3) ? values.uint32() : nil,
                taskOrder: values.chance(0.3) ? Wire.QueueOrder(wireValue: values.enumWireValue(definedCount: 3)) : nil))
        case "delete_task_queue":
            return .deleteTaskQueue(Wire.DeleteTaskQueueRequest(workspaceSID: workspace, taskQueueSID: sid(.taskQueue, in: workspace)))
        case "list_task_queues":
            return .listTaskQueues(Wire.ListTaskQueuesRequest(
                workspaceSID: workspace, friendlyName: values.chance(0.9) ? "" : values.text(),
                evaluateWorkerAttributes: values.chance(0.7) ? "" : attributes(in: workspace),
                workerSID: values.chance(0.7) ? "" : sid(.worker, in: workspace), ordering: values.chance(0.6) ? "" : values.listOrdering(),
                pageSize: values.pageSize(), pageToken: pageToken()))
        default:
            return workflowRequest(name, in: workspace)
        }
    }

    /// Returns a queue's `target_workers`: unset (every worker), a common expression or any.
    private mutating func targetWorkers() -> String? {
        let roll = Double.random(in: 0..<1, using: &values.random)
        if roll < 0.3 { return nil }
        if roll < 0.6 { return values.pick(["1==1", "skills HAS 'support'", "level > 2", "languages.en == true", ""]) }
        return values.expression(for: .queueTargetWorkers)
    }

    private mutating func workflowRequest(_ name: String, in workspace: String) -> Wire.ClientFrame.Request? {
        let queues = pools.workspaces[workspace]?.known(.taskQueue) ?? []
        switch name {
        case "create_workflow":
            return .createWorkflow(Wire.CreateWorkflowRequest(
                workspaceSID: workspace, friendlyName: nextName(), configuration: values.workflowConfiguration(queues: queues),
                taskReservationTimeout: values.chance(0.5) ? 0 : (values.chance(0.5) ? UInt32(values.pick([1, 5, 600])) : values.uint32()),
                assignmentCallbackURL: values.chance(0.9) ? "" : values.text(),
                fallbackAssignmentCallbackURL: values.chance(0.9) ? "" : values.text()))
        case "fetch_workflow":
            return .fetchWorkflow(Wire.FetchWorkflowRequest(workspaceSID: workspace, workflowSID: sid(.workflow, in: workspace)))
        case "update_workflow":
            return .updateWorkflow(Wire.UpdateWorkflowRequest(
                workspaceSID: workspace, workflowSID: sid(.workflow, in: workspace), friendlyName: values.chance(0.2) ? nextName() : nil,
                configuration: values.chance(0.5) ? values.workflowConfiguration(queues: queues) : nil,
                taskReservationTimeout: values.chance(0.3) ? values.uint32() : nil,
                assignmentCallbackURL: values.chance(0.1) ? values.text() : nil,
                fallbackAssignmentCallbackURL: values.chance(0.1) ? values.text() : nil, reEvaluateTasks: values.chance(0.3)))
        case "delete_workflow":
            return .deleteWorkflow(Wire.DeleteWorkflowRequest(workspaceSID: workspace, workflowSID: sid(.workflow, in: workspace)))
        case "list_workflows":
            return .listWorkflows(Wire.ListWorkflowsRequest(
                workspaceSID: workspace, friendlyName: values.chance(0.9) ? "" : values.text(), pageSize: values.pageSize(),
                pageToken: pageToken()))
        default:
            return nil
        }
    }
}
