import AllotCore
import AllotWire

extension Wire.Task {
    /// A task as fetch and update return it; list pages pass
    /// `includesAttributes: false`, as TaskRouter leaves them out of lists.
    init(_ info: TaskInfo, includesAttributes: Bool = true) {
        self.init(
            sid: info.sid,
            workspaceSID: info.workspaceSid,
            attributes: includesAttributes ? info.attributes.jsonText : "",
            assignmentStatus: Wire.AssignmentStatus(info.assignmentStatus),
            priority: Int64(info.priority),
            age: UInt64(nonNegative: info.ageSeconds),
            timeout: UInt32(saturating: info.timeoutSeconds),
            reason: info.reason.orEmpty,
            taskQueueSID: info.taskQueueSid.orEmpty,
            taskQueueFriendlyName: info.taskQueueFriendlyName.orEmpty,
            taskQueueEnteredDateUnixMilliseconds: info.taskQueueEnteredDate?.unixMilliseconds ?? 0,
            taskChannelSID: info.taskChannelSid,
            taskChannelUniqueName: info.taskChannelUniqueName,
            workflowSID: info.workflowSid.orEmpty,
            workflowFriendlyName: info.workflowFriendlyName.orEmpty,
            virtualStartTimeUnixMilliseconds: info.virtualStartTime.unixMilliseconds,
            routingTarget: info.routingTarget.orEmpty,
            ignoreCapacity: info.ignoreCapacity,
            version: info.version,
            accountSID: info.accountSid,
            dateCreatedUnixMilliseconds: info.dateCreated.unixMilliseconds,
            dateUpdatedUnixMilliseconds: info.dateUpdated.unixMilliseconds
        )
    }
}

extension Wire.TaskPage {
    init(_ page: Page<TaskInfo>) {
        self.init(tasks: page.items.map { Wire.Task($0, includesAttributes: false) }, nextPageToken: page.nextPageToken.orEmpty)
    }
}

extension CreateTaskRequest {
    /// Converts a create request. The protocol's task_queue_sid places the
    /// task in a queue directly, which the engine expresses as a queue
    /// routing target, so the two fields may not name different targets.
    init(_ wire: Wire.CreateTaskRequest) throws(EngineError) {
        self.init(attributes: wire.attributes.nonEmpty,
                  priority: wire.priority.map { Int($0) },
                  timeout: wire.timeout.map { Int($0) },
                  taskChannel: wire.taskChannel.nonEmpty,
                  workflowSid: wire.workflowSID.nonEmpty)
        virtualStartTime = wire.virtualStartTimeUnixMilliseconds.map(Timestamp.init(unixMilliseconds:))
        ignoreCapacity = wire.ignoreCapacity?.booleanText
        routingTarget = wire.routingTarget.nonEmpty
        if let queue = wire.taskQueueSID.nonEmpty {
            if let target = routingTarget, target != queue {
                throw .invalidArgument(
                    field: "task_queue_sid",
                    message: "task_queue_sid \(queue.quotedForMessage) and routing_target \(target.quotedForMessage) name different targets; set only one of them")
            }
            if routingTarget == nil { routingTargetField = "TaskQueueSid" }
            routingTarget = queue
        }
    }
}

extension UpdateTaskRequest {
    init(_ wire: Wire.UpdateTaskRequest) {
        self.init(attributes: wire.attributes,
                  assignmentStatus: wire.assignmentStatus?.engineText,
                  reason: wire.reason.nonEmpty,
                  priority: wire.priority.map { Int($0) },
                  expectedVersion: wire.ifMatchVersion)
        taskChannel = wire.taskChannel
        virtualStartTime = wire.virtualStartTimeUnixMilliseconds.map(Timestamp.init(unixMilliseconds:))
    }
}

extension ListTasksRequest {
    init(_ wire: Wire.ListTasksRequest) {
        self.init()
        priority = wire.priority.map { Int($0) }
        assignmentStatuses = wire.assignmentStatus.map(\.engineText)
        workflowSid = wire.workflowSID.nonEmpty
        workflowName = wire.workflowName.nonEmpty
        taskQueueSid = wire.taskQueueSID.nonEmpty
        taskQueueName = wire.taskQueueName.nonEmpty
        evaluateTaskAttributes = wire.evaluateTaskAttributes.nonEmpty
        routingTarget = wire.routingTarget.nonEmpty
        ordering = wire.ordering.nonEmpty
        page = PageRequest(pageSize: wire.pageSize, pageToken: wire.pageToken)
    }
}
