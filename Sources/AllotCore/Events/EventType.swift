/// TaskRouter event types that the engine emits.
///
/// TaskRouter's `task.transfer-*` types are not here: the engine has no task
/// transfers, so nothing could emit them.
public enum EventType: String, Sendable, Hashable, CaseIterable {
    case activityCreated = "activity.created"
    case activityUpdated = "activity.updated"
    case activityDeleted = "activity.deleted"
    case reservationCreated = "reservation.created"
    case reservationAccepted = "reservation.accepted"
    case reservationRejected = "reservation.rejected"
    case reservationTimeout = "reservation.timeout"
    case reservationCanceled = "reservation.canceled"
    case reservationRescinded = "reservation.rescinded"
    case reservationWrapup = "reservation.wrapup"
    case reservationCompleted = "reservation.completed"
    /// The engine gave up assigning a task after its last reservation ended
    /// unaccepted; the event carries no worker fields.
    case reservationFailed = "reservation.failed"
    case taskCreated = "task.created"
    case taskUpdated = "task.updated"
    case taskCanceled = "task.canceled"
    case taskWrapup = "task.wrapup"
    case taskCompleted = "task.completed"
    case taskDeleted = "task.deleted"
    case taskSystemDeleted = "task.system-deleted"
    case taskChannelCreated = "task-channel.created"
    case taskChannelUpdated = "task-channel.updated"
    case taskChannelDeleted = "task-channel.deleted"
    case taskQueueCreated = "task-queue.created"
    case taskQueueDeleted = "task-queue.deleted"
    case taskQueueEntered = "task-queue.entered"
    case taskQueueTimeout = "task-queue.timeout"
    case taskQueueMoved = "task-queue.moved"
    case taskQueueExpressionUpdated = "task-queue.expression.updated"
    case workerCreated = "worker.created"
    case workerActivityUpdate = "worker.activity.update"
    case workerAttributesUpdate = "worker.attributes.update"
    case workerCapacityUpdate = "worker.capacity.update"
    case workerChannelAvailabilityUpdate = "worker.channel.availability.update"
    case workerDeleted = "worker.deleted"
    case workflowCreated = "workflow.created"
    case workflowUpdated = "workflow.updated"
    case workflowDeleted = "workflow.deleted"
    case workflowEntered = "workflow.entered"
    case workflowTargetMatched = "workflow.target-matched"
    case workflowTimeout = "workflow.timeout"
    case workflowSkipped = "workflow.skipped"
    case workspaceCreated = "workspace.created"
    case workspaceUpdated = "workspace.updated"
    case workspaceDeleted = "workspace.deleted"

    /// The resource type an event of this type is about.
    public var resourceType: String {
        switch self {
        case .activityCreated, .activityUpdated, .activityDeleted: "activity"
        case .reservationCreated, .reservationAccepted, .reservationRejected, .reservationTimeout,
             .reservationCanceled, .reservationRescinded, .reservationWrapup, .reservationCompleted,
             .reservationFailed: "reservation"
        case .taskCreated, .taskUpdated, .taskCanceled, .taskWrapup, .taskCompleted, .taskDeleted,
             .taskSystemDeleted, .taskQueueEntered, .taskQueueTimeout, .taskQueueMoved,
             .workflowEntered, .workflowTargetMatched, .workflowTimeout, .workflowSkipped: "task"
        case .taskChannelCreated, .taskChannelUpdated, .taskChannelDeleted: "task_channel"
        case .taskQueueCreated, .taskQueueDeleted, .taskQueueExpressionUpdated: "task_queue"
        case .workerCreated, .workerActivityUpdate, .workerAttributesUpdate, .workerCapacityUpdate,
             .workerChannelAvailabilityUpdate, .workerDeleted: "worker"
        case .workflowCreated, .workflowUpdated, .workflowDeleted: "workflow"
        case .workspaceCreated, .workspaceUpdated, .workspaceDeleted: "workspace"
        }
    }
}
