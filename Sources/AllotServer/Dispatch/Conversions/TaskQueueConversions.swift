import AllotCore
import AllotWire

extension Wire.TaskQueue {
    init(_ info: TaskQueueInfo) {
        self.init(
            sid: info.sid,
            workspaceSID: info.workspaceSid,
            friendlyName: info.friendlyName,
            targetWorkers: info.targetWorkers,
            reservationActivitySID: info.reservationActivitySid.orEmpty,
            reservationActivityName: info.reservationActivityName.orEmpty,
            assignmentActivitySID: info.assignmentActivitySid.orEmpty,
            assignmentActivityName: info.assignmentActivityName.orEmpty,
            maxReservedWorkers: UInt32(saturating: info.maxReservedWorkers),
            taskOrder: Wire.QueueOrder(info.taskOrder),
            accountSID: info.accountSid,
            dateCreatedUnixMilliseconds: info.dateCreated.unixMilliseconds,
            dateUpdatedUnixMilliseconds: info.dateUpdated.unixMilliseconds
        )
    }
}

extension Wire.TaskQueuePage {
    init(_ page: Page<TaskQueueInfo>) {
        self.init(taskQueues: page.items.map(Wire.TaskQueue.init), nextPageToken: page.nextPageToken.orEmpty)
    }
}

extension CreateTaskQueueRequest {
    init(_ wire: Wire.CreateTaskQueueRequest) {
        self.init(friendlyName: wire.friendlyName,
                  targetWorkers: wire.targetWorkers,
                  reservationActivitySid: wire.reservationActivitySID.nonEmpty,
                  assignmentActivitySid: wire.assignmentActivitySID.nonEmpty,
                  maxReservedWorkers: wire.maxReservedWorkers == 0 ? nil : Int(wire.maxReservedWorkers),
                  taskOrder: wire.taskOrder.engineText)
    }
}

extension UpdateTaskQueueRequest {
    /// Converts an update request; an empty activity SID clears that activity.
    init(_ wire: Wire.UpdateTaskQueueRequest) {
        self.init(friendlyName: wire.friendlyName,
                  targetWorkers: wire.targetWorkers,
                  reservationActivitySid: wire.reservationActivitySID,
                  assignmentActivitySid: wire.assignmentActivitySID,
                  maxReservedWorkers: wire.maxReservedWorkers.map { Int($0) },
                  // A set field that is UNSPECIFIED passes by its .proto name, which the engine rejects.
                  taskOrder: wire.taskOrder.map { $0.engineText ?? $0.name })
    }
}

extension ListTaskQueuesRequest {
    init(_ wire: Wire.ListTaskQueuesRequest) {
        self.init()
        friendlyName = wire.friendlyName.nonEmpty
        evaluateWorkerAttributes = wire.evaluateWorkerAttributes.nonEmpty
        workerSid = wire.workerSID.nonEmpty
        ordering = wire.ordering.nonEmpty
        page = PageRequest(pageSize: wire.pageSize, pageToken: wire.pageToken)
    }
}
