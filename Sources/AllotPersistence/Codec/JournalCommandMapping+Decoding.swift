import AllotCore
import AllotWire

extension JournalCommandMapping {
    static func command(_ wire: Wire.JournalEntry.Command) throws(PersistenceCodecError) -> EngineCommand {
        switch wire {
        case .createWorkspace(let message):
            var request = CreateWorkspaceRequest(friendlyName: message.friendlyName,
                                                 sid: message.sid.isEmpty ? nil : message.sid)
            request.eventCallbackUrl = message.eventCallbackURL
            request.eventsFilter = message.eventsFilter
            request.multiTaskEnabled = message.multiTaskEnabled
            request.template = message.template
            request.prioritizeQueueOrder = message.prioritizeQueueOrder
            return .createWorkspace(request)
        case .updateWorkspace(let message):
            var request = UpdateWorkspaceRequest()
            request.friendlyName = message.friendlyName
            request.defaultActivitySid = message.defaultActivitySID
            request.timeoutActivitySid = message.timeoutActivitySID
            request.eventCallbackUrl = message.eventCallbackURL
            request.eventsFilter = message.eventsFilter
            request.multiTaskEnabled = message.multiTaskEnabled
            request.prioritizeQueueOrder = message.prioritizeQueueOrder
            return .updateWorkspace(workspace: message.workspaceSID, request)
        case .deleteWorkspace(let message):
            return .deleteWorkspace(workspace: message.workspaceSID)
        case .createActivity(let message):
            return .createActivity(workspace: message.workspaceSID,
                                   CreateActivityRequest(friendlyName: message.friendlyName, available: message.available))
        case .updateActivity(let message):
            return .updateActivity(workspace: message.workspaceSID, sid: message.sid,
                                   UpdateActivityRequest(friendlyName: message.friendlyName, available: message.available))
        case .deleteActivity(let message):
            return .deleteActivity(workspace: message.workspaceSID, sid: message.sid)
        case .createTaskChannel(let message):
            return .createTaskChannel(workspace: message.workspaceSID, CreateTaskChannelRequest(
                friendlyName: message.friendlyName, uniqueName: message.uniqueName,
                channelOptimizedRouting: message.channelOptimizedRouting))
        case .updateTaskChannel(let message):
            return .updateTaskChannel(workspace: message.workspaceSID, sid: message.sid, UpdateTaskChannelRequest(
                friendlyName: message.friendlyName, channelOptimizedRouting: message.channelOptimizedRouting))
        case .deleteTaskChannel(let message):
            return .deleteTaskChannel(workspace: message.workspaceSID, sid: message.sid)
        case .advance:
            return .advance
        default:
            return try workerCommand(wire)
        }
    }

    private static func workerCommand(_ wire: Wire.JournalEntry.Command) throws(PersistenceCodecError) -> EngineCommand {
        switch wire {
        case .createWorker(let message):
            return .createWorker(workspace: message.workspaceSID, CreateWorkerRequest(
                friendlyName: message.friendlyName, activitySid: message.activitySID, attributes: message.attributes))
        case .updateWorker(let message):
            return .updateWorker(workspace: message.workspaceSID, sid: message.sid, UpdateWorkerRequest(
                friendlyName: message.friendlyName, activitySid: message.activitySID, attributes: message.attributes,
                rejectPendingReservations: message.rejectPendingReservations, expectedVersion: message.expectedVersion))
        case .deleteWorker(let message):
            return .deleteWorker(workspace: message.workspaceSID, sid: message.sid, expectedVersion: message.expectedVersion)
        case .updateWorkerChannel(let message):
            return .updateWorkerChannel(
                workspace: message.workspaceSID, workerSid: message.workerSID, channel: message.channel,
                UpdateWorkerChannelRequest(capacity: try int(message.capacity, "capacity"), available: message.available))
        case .createTaskQueue(let message):
            return .createTaskQueue(workspace: message.workspaceSID, CreateTaskQueueRequest(
                friendlyName: message.friendlyName, targetWorkers: message.targetWorkers,
                reservationActivitySid: message.reservationActivitySID, assignmentActivitySid: message.assignmentActivitySID,
                maxReservedWorkers: try int(message.maxReservedWorkers, "max_reserved_workers"), taskOrder: message.taskOrder))
        case .updateTaskQueue(let message):
            return .updateTaskQueue(workspace: message.workspaceSID, sid: message.sid, UpdateTaskQueueRequest(
                friendlyName: message.friendlyName, targetWorkers: message.targetWorkers,
                reservationActivitySid: message.reservationActivitySID, assignmentActivitySid: message.assignmentActivitySID,
                maxReservedWorkers: try int(message.maxReservedWorkers, "max_reserved_workers"), taskOrder: message.taskOrder))
        case .deleteTaskQueue(let message):
            return .deleteTaskQueue(workspace: message.workspaceSID, sid: message.sid)
        default:
            return try routingCommand(wire)
        }
    }

    private static func routingCommand(_ wire: Wire.JournalEntry.Command) throws(PersistenceCodecError) -> EngineCommand {
        switch wire {
        case .createWorkflow(let message):
            return .createWorkflow(workspace: message.workspaceSID, CreateWorkflowRequest(
                friendlyName: message.friendlyName, configuration: message.configuration,
                assignmentCallbackUrl: message.assignmentCallbackURL,
                fallbackAssignmentCallbackUrl: message.fallbackAssignmentCallbackURL,
                taskReservationTimeout: try int(message.taskReservationTimeout, "task_reservation_timeout")))
        case .updateWorkflow(let message):
            return .updateWorkflow(workspace: message.workspaceSID, sid: message.sid, UpdateWorkflowRequest(
                friendlyName: message.friendlyName, configuration: message.configuration,
                assignmentCallbackUrl: message.assignmentCallbackURL,
                fallbackAssignmentCallbackUrl: message.fallbackAssignmentCallbackURL,
                taskReservationTimeout: try int(message.taskReservationTimeout, "task_reservation_timeout"),
                reEvaluateTasks: message.reEvaluateTasks))
        case .deleteWorkflow(let message):
            return .deleteWorkflow(workspace: message.workspaceSID, sid: message.sid)
        case .createTask(let message):
            var request = CreateTaskRequest(attributes: message.attributes, priority: try int(message.priority, "priority"),
                                            timeout: try int(message.timeout, "timeout"), taskChannel: message.taskChannel,
                                            workflowSid: message.workflowSID)
            request.virtualStartTime = message.virtualStartTimeUnixMilliseconds.map { Timestamp(unixMilliseconds: $0) }
            request.routingTarget = message.routingTarget
            request.ignoreCapacity = message.ignoreCapacity
            return .createTask(workspace: message.workspaceSID, request)
        case .updateTask(let message):
            var request = UpdateTaskRequest(attributes: message.attributes, assignmentStatus: message.assignmentStatus,
                                            reason: message.reason, priority: try int(message.priority, "priority"),
                                            expectedVersion: message.expectedVersion)
            request.taskChannel = message.taskChannel
            request.virtualStartTime = message.virtualStartTimeUnixMilliseconds.map { Timestamp(unixMilliseconds: $0) }
            return .updateTask(workspace: message.workspaceSID, sid: message.sid, request)
        case .deleteTask(let message):
            return .deleteTask(workspace: message.workspaceSID, sid: message.sid, expectedVersion: message.expectedVersion)
        case .updateReservation(let message):
            return .updateReservation(workspace: message.workspaceSID, sid: message.sid, UpdateReservationRequest(
                reservationStatus: message.reservationStatus, instruction: message.instruction,
                workerActivitySid: message.workerActivitySID, expectedVersion: message.expectedVersion))
        default:
            preconditionFailure("journal command \(wire.fieldName) has no decoder")
        }
    }

    private static func int(_ value: Int64?, _ field: String) throws(PersistenceCodecError) -> Int? {
        guard let value else { return nil }
        guard let converted = Int(exactly: value) else {
            throw .invalidField(kind: "journal entry", field: field, value: "\(value)")
        }
        return converted
    }
}
