import AllotCore
import AllotWire

/// Conversion between `EngineCommand` and the `JournalEntry` command oneof.
enum JournalCommandMapping {
    static func wire(_ command: EngineCommand) -> Wire.JournalEntry.Command {
        switch command {
        case .createWorkspace(let request):
            return .createWorkspace(Wire.JournalCreateWorkspace(
                friendlyName: request.friendlyName, sid: request.sid ?? "", eventCallbackURL: request.eventCallbackUrl,
                eventsFilter: request.eventsFilter, multiTaskEnabled: request.multiTaskEnabled, template: request.template,
                prioritizeQueueOrder: request.prioritizeQueueOrder))
        case .updateWorkspace(let workspace, let request):
            return .updateWorkspace(Wire.JournalUpdateWorkspace(
                workspaceSID: workspace, friendlyName: request.friendlyName, defaultActivitySID: request.defaultActivitySid,
                timeoutActivitySID: request.timeoutActivitySid, eventCallbackURL: request.eventCallbackUrl,
                eventsFilter: request.eventsFilter, multiTaskEnabled: request.multiTaskEnabled,
                prioritizeQueueOrder: request.prioritizeQueueOrder))
        case .deleteWorkspace(let workspace):
            return .deleteWorkspace(Wire.JournalDeleteResource(workspaceSID: workspace))
        case .createActivity(let workspace, let request):
            return .createActivity(Wire.JournalCreateActivity(
                workspaceSID: workspace, friendlyName: request.friendlyName, available: request.available))
        case .updateActivity(let workspace, let sid, let request):
            return .updateActivity(Wire.JournalUpdateActivity(
                workspaceSID: workspace, sid: sid, friendlyName: request.friendlyName, available: request.available))
        case .deleteActivity(let workspace, let sid):
            return .deleteActivity(Wire.JournalDeleteResource(workspaceSID: workspace, sid: sid))
        case .createTaskChannel(let workspace, let request):
            return .createTaskChannel(Wire.JournalCreateTaskChannel(
                workspaceSID: workspace, friendlyName: request.friendlyName, uniqueName: request.uniqueName,
                channelOptimizedRouting: request.channelOptimizedRouting))
        case .updateTaskChannel(let workspace, let sid, let request):
            return .updateTaskChannel(Wire.JournalUpdateTaskChannel(
                workspaceSID: workspace, sid: sid, friendlyName: request.friendlyName,
                channelOptimizedRouting: request.channelOptimizedRouting))
        case .deleteTaskChannel(let workspace, let sid):
            return .deleteTaskChannel(Wire.JournalDeleteResource(workspaceSID: workspace, sid: sid))
        case .advance:
            return .advance(Wire.JournalAdvance())
        default:
            return wireForWorkers(command)
        }
    }

    private static func wireForWorkers(_ command: EngineCommand) -> Wire.JournalEntry.Command {
        switch command {
        case .createWorker(let workspace, let request):
            return .createWorker(Wire.JournalCreateWorker(
                workspaceSID: workspace, friendlyName: request.friendlyName, activitySID: request.activitySid,
                attributes: request.attributes))
        case .updateWorker(let workspace, let sid, let request):
            return .updateWorker(Wire.JournalUpdateWorker(
                workspaceSID: workspace, sid: sid, friendlyName: request.friendlyName, activitySID: request.activitySid,
                attributes: request.attributes, rejectPendingReservations: request.rejectPendingReservations,
                expectedVersion: request.expectedVersion))
        case .deleteWorker(let workspace, let sid, let expectedVersion):
            return .deleteWorker(Wire.JournalDeleteResource(workspaceSID: workspace, sid: sid, expectedVersion: expectedVersion))
        case .updateWorkerChannel(let workspace, let worker, let channel, let request):
            return .updateWorkerChannel(Wire.JournalUpdateWorkerChannel(
                workspaceSID: workspace, workerSID: worker, channel: channel, capacity: request.capacity.map(Int64.init),
                available: request.available))
        case .createTaskQueue(let workspace, let request):
            return .createTaskQueue(Wire.JournalCreateTaskQueue(
                workspaceSID: workspace, friendlyName: request.friendlyName, targetWorkers: request.targetWorkers,
                reservationActivitySID: request.reservationActivitySid, assignmentActivitySID: request.assignmentActivitySid,
                maxReservedWorkers: request.maxReservedWorkers.map(Int64.init), taskOrder: request.taskOrder))
        case .updateTaskQueue(let workspace, let sid, let request):
            return .updateTaskQueue(Wire.JournalUpdateTaskQueue(
                workspaceSID: workspace, sid: sid, friendlyName: request.friendlyName, targetWorkers: request.targetWorkers,
                reservationActivitySID: request.reservationActivitySid, assignmentActivitySID: request.assignmentActivitySid,
                maxReservedWorkers: request.maxReservedWorkers.map(Int64.init), taskOrder: request.taskOrder))
        case .deleteTaskQueue(let workspace, let sid):
            return .deleteTaskQueue(Wire.JournalDeleteResource(workspaceSID: workspace, sid: sid))
        default:
            return wireForRouting(command)
        }
    }

    private static func wireForRouting(_ command: EngineCommand) -> Wire.JournalEntry.Command {
        switch command {
        case .createWorkflow(let workspace, let request):
            return .createWorkflow(Wire.JournalCreateWorkflow(
                workspaceSID: workspace, friendlyName: request.friendlyName, configuration: request.configuration,
                assignmentCallbackURL: request.assignmentCallbackUrl,
                fallbackAssignmentCallbackURL: request.fallbackAssignmentCallbackUrl,
                taskReservationTimeout: request.taskReservationTimeout.map(Int64.init)))
        case .updateWorkflow(let workspace, let sid, let request):
            return .updateWorkflow(Wire.JournalUpdateWorkflow(
                workspaceSID: workspace, sid: sid, friendlyName: request.friendlyName, configuration: request.configuration,
                assignmentCallbackURL: request.assignmentCallbackUrl,
                fallbackAssignmentCallbackURL: request.fallbackAssignmentCallbackUrl,
                taskReservationTimeout: request.taskReservationTimeout.map(Int64.init), reEvaluateTasks: request.reEvaluateTasks))
        case .deleteWorkflow(let workspace, let sid):
            return .deleteWorkflow(Wire.JournalDeleteResource(workspaceSID: workspace, sid: sid))
        case .createTask(let workspace, let request):
            return .createTask(Wire.JournalCreateTask(
                workspaceSID: workspace, attributes: request.attributes, priority: request.priority.map(Int64.init),
                timeout: request.timeout.map(Int64.init), taskChannel: request.taskChannel, workflowSID: request.workflowSid,
                virtualStartTimeUnixMilliseconds: request.virtualStartTime?.unixMilliseconds,
                routingTarget: request.routingTarget, ignoreCapacity: request.ignoreCapacity))
        case .updateTask(let workspace, let sid, let request):
            return .updateTask(Wire.JournalUpdateTask(
                workspaceSID: workspace, sid: sid, attributes: request.attributes, assignmentStatus: request.assignmentStatus,
                reason: request.reason, priority: request.priority.map(Int64.init), taskChannel: request.taskChannel,
                virtualStartTimeUnixMilliseconds: request.virtualStartTime?.unixMilliseconds,
                expectedVersion: request.expectedVersion))
        case .deleteTask(let workspace, let sid, let expectedVersion):
            return .deleteTask(Wire.JournalDeleteResource(workspaceSID: workspace, sid: sid, expectedVersion: expectedVersion))
        case .updateReservation(let workspace, let sid, let request):
            return .updateReservation(Wire.JournalUpdateReservation(
                workspaceSID: workspace, sid: sid, reservationStatus: request.reservationStatus,
                instruction: request.instruction, workerActivitySID: request.workerActivitySid,
                expectedVersion: request.expectedVersion))
        default:
            preconditionFailure("command \(command) has no journal mapping")
        }
    }
}
