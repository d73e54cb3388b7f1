import AllotWire

/// Requests about tasks and reservations.
extension RequestGenerator {
    mutating func taskRequest(_ name: String) -> Wire.ClientFrame.Request? {
        let workspace = workspaceSid()
        switch name {
        case "create_task":
            return .createTask(createTask(in: workspace))
        case "fetch_task":
            return .fetchTask(Wire.FetchTaskRequest(workspaceSID: workspace, taskSID: sid(.task, in: workspace)))
        case "update_task":
            return .updateTask(updateTask(in: workspace))
        case "delete_task":
            return .deleteTask(Wire.DeleteTaskRequest(workspaceSID: workspace, taskSID: sid(.task, in: workspace),
                                                      ifMatchVersion: version(in: workspace)))
        case "list_tasks":
            return .listTasks(listTasks(in: workspace))
        default:
            return reservationRequest(name, in: workspace)
        }
    }

    private mutating func createTask(in workspace: String) -> Wire.CreateTaskRequest {
        let target = Double.random(in: 0..<1, using: &values.random)
        return Wire.CreateTaskRequest(
            workspaceSID: workspace, attributes: values.chance(0.1) ? "" : attributes(in: workspace),
            priority: values.chance(0.5) ? nil : (values.chance(0.5) ? Int64(values.int(in: 0...10)) : values.int64()),
            timeout: values.chance(0.5) ? nil : (values.chance(0.5) ? UInt32(values.pick([1, 2, 60, 3_600, 86_400])) : values.uint32()),
            taskChannel: values.chance(0.5) ? "" : channelIdentifier(in: workspace),
            workflowSID: values.chance(0.2) ? "" : sid(.workflow, in: workspace),
            virtualStartTimeUnixMilliseconds: values.chance(0.7) ? nil : values.instant(near: now),
            routingTarget: target < 0.75 ? "" : sid(values.pick([.worker, .taskQueue, .workflow]), in: workspace),
            ignoreCapacity: values.optional { $0.chance(0.5) },
            taskQueueSID: target > 0.9 ? sid(.taskQueue, in: workspace) : "")
    }

    private mutating func updateTask(in workspace: String) -> Wire.UpdateTaskRequest {
        let changesStatus = values.chance(0.5)
        return Wire.UpdateTaskRequest(
            workspaceSID: workspace, taskSID: sid(.task, in: workspace),
            attributes: changesStatus && values.chance(0.9) ? nil : attributes(in: workspace),
            assignmentStatus: changesStatus ? Wire.AssignmentStatus(wireValue: values.enumWireValue(definedCount: 7)) : nil,
            reason: values.chance(0.7) ? "" : values.text(),
            priority: values.chance(0.7) ? nil : values.int64(),
            taskChannel: values.chance(0.9) ? nil : channelIdentifier(in: workspace),
            virtualStartTimeUnixMilliseconds: values.chance(0.8) ? nil : values.instant(near: now),
            ifMatchVersion: version(in: workspace))
    }

    private mutating func listTasks(in workspace: String) -> Wire.ListTasksRequest {
        let statuses = (0..<values.pick([0, 0, 1, 2, 8])).map { _ in
            Wire.AssignmentStatus(wireValue: values.chance(0.8) ? Int32(values.int(in: 1...6)) : values.enumWireValue(definedCount: 7))
        }
        return Wire.ListTasksRequest(
            workspaceSID: workspace, priority: values.chance(0.8) ? nil : values.int64(), assignmentStatus: statuses,
            workflowSID: values.chance(0.8) ? "" : sid(.workflow, in: workspace),
            workflowName: values.chance(0.95) ? "" : values.text(),
            taskQueueSID: values.chance(0.8) ? "" : sid(.taskQueue, in: workspace),
            taskQueueName: values.chance(0.95) ? "" : values.text(),
            evaluateTaskAttributes: values.chance(0.7) ? "" : values.expression(for: .taskFilter),
            routingTarget: values.chance(0.9) ? "" : sid(values.pick([.worker, .taskQueue, .workflow]), in: workspace),
            ordering: values.chance(0.5) ? "" : values.listOrdering(), pageSize: values.pageSize(), pageToken: pageToken())
    }

    private mutating func reservationRequest(_ name: String, in workspace: String) -> Wire.ClientFrame.Request? {
        switch name {
        case "fetch_reservation":
            return .fetchReservation(Wire.FetchReservationRequest(workspaceSID: workspace, reservationSID: sid(.reservation, in: workspace)))
        case "update_reservation":
            // Accepting and completing come often, so that tasks finish and free their workers.
            let status = values.chance(0.6) ? values.pick([2, 2, 3, 7, 8, 8]) : values.enumWireValue(definedCount: 9)
            return .updateReservation(Wire.UpdateReservationRequest(
                workspaceSID: workspace, reservationSID: sid(.reservation, in: workspace),
                reservationStatus: Wire.ReservationStatus(wireValue: status),
                workerActivitySID: values.chance(0.8) ? "" : sid(.activity, in: workspace), ifMatchVersion: version(in: workspace)))
        case "list_task_reservations":
            return .listTaskReservations(Wire.ListTaskReservationsRequest(
                workspaceSID: workspace, taskSID: sid(.task, in: workspace), reservationStatus: reservationFilter(),
                workerSID: values.chance(0.8) ? "" : sid(.worker, in: workspace), pageSize: values.pageSize(), pageToken: pageToken()))
        case "list_worker_reservations":
            return .listWorkerReservations(Wire.ListWorkerReservationsRequest(
                workspaceSID: workspace, workerSID: sid(.worker, in: workspace), reservationStatus: reservationFilter(),
                pageSize: values.pageSize(), pageToken: pageToken()))
        default:
            return nil
        }
    }

    private mutating func reservationFilter() -> Wire.ReservationStatus {
        Wire.ReservationStatus(wireValue: values.chance(0.6) ? 0 : values.enumWireValue(definedCount: 9))
    }
}
