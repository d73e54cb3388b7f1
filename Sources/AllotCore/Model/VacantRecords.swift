/// The placeholder each record type leaves in a freed table slot.
///
/// Tables store live records unwrapped, so that reading a field through the
/// subscript reads it in place, and a freed slot needs a value of the type.
/// The placeholders own no heap storage apart from the shared empty
/// expression and workflow, so a freed slot keeps no memory alive.
extension ActivityRecord {
    static let vacant = ActivityRecord(storedSid: .vacant, friendlyName: "", available: false, createdAt: .vacant,
                                       updatedAt: .vacant, sequence: 0)
}

extension TaskChannelRecord {
    static let vacant = TaskChannelRecord(storedSid: .vacant, friendlyName: "", uniqueName: "", channelOptimizedRouting: false,
                                          createdAt: .vacant, updatedAt: .vacant, sequence: 0)
}

extension WorkerRecord {
    static let vacant = WorkerRecord(sidValue: .zero, friendlyName: "", attributes: .null, activity: ActivityHandle(0),
                                     activityChangedAt: .vacant, createdAt: .vacant, updatedAt: .vacant, sequence: 0,
                                     idleTicket: 0)
}

extension TaskQueueRecord {
    static let vacant: TaskQueueRecord = {
        // The empty expression compiles to one that matches nothing.
        guard let nobody = try? Expression("", kind: .queueTargetWorkers) else {
            preconditionFailure("the empty expression failed to compile")
        }
        return TaskQueueRecord(storedSid: .vacant, friendlyName: "", targetWorkers: nobody, reservationActivity: nil,
                               assignmentActivity: nil, maxReservedWorkers: 0, taskOrder: .fifo, createdAt: .vacant,
                               updatedAt: .vacant, sequence: 0)
    }()
}

extension WorkflowRecord {
    static let vacant = WorkflowRecord(storedSid: .vacant, friendlyName: "", configurationText: "",
                                       compiled: CompiledWorkflow(filters: [], defaultStep: nil, configurationText: ""),
                                       assignmentCallbackUrl: nil, fallbackAssignmentCallbackUrl: nil,
                                       taskReservationTimeoutSeconds: 0, createdAt: .vacant, updatedAt: .vacant,
                                       sequence: 0)
}

extension TaskRecord {
    static let vacant = TaskRecord(sidValue: .zero, sequence: 0, createdAt: .vacant, updatedAt: .vacant, attributes: .null,
                                   priority: 0, timeoutSeconds: 0, channel: ChannelHandle(0), workflow: nil,
                                   virtualStartTime: .vacant, routingTarget: nil, ignoreCapacity: false,
                                   filterEnteredAt: .vacant, queueEnteredAt: .vacant)
}

extension ReservationRecord {
    static let vacant = ReservationRecord(sidValue: .zero, sequence: 0, task: TaskHandle(0), worker: WorkerHandle(0), workerSidValue: .zero,
                                          workerName: "", queue: nil, workflow: nil, queueSidValue: nil, workflowSidValue: nil,
                                          channel: ChannelHandle(0), createdAt: .vacant, updatedAt: .vacant,
                                          previousActivity: ActivityHandle(0), timeoutSeconds: 0)
}

extension Timestamp {
    /// The time stored in placeholder records.
    static let vacant = Timestamp(unixMilliseconds: 0)
}
