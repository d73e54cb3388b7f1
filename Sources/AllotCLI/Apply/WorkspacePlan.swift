import AllotWire

/// A workspace file, checked and parsed: what `allot apply` makes the
/// server's workspace look like. Each part keeps its JSON path for errors.
// @unchecked: the plan holds parsed JSON ([String: Any]); it is built once,
// never changed after parsing, and read by the one task that applies it.
struct WorkspacePlan: @unchecked Sendable {
    struct ActivityPlan {
        var path: String
        var friendlyName: String
        var available: Bool
    }

    struct ChannelPlan {
        var path: String
        var friendlyName: String
        var uniqueName: String
        var channelOptimizedRouting: Bool
    }

    struct QueuePlan {
        var path: String
        var friendlyName: String
        var targetWorkers: String
        /// The JSON path of `target_workers`, spelt as in the file, for expression errors.
        var targetWorkersPath: String
        var maxReservedWorkers: UInt32
        var taskOrder: Wire.QueueOrder
        /// Friendly name or SID of the activity, or empty for none.
        var reservationActivity: String
        var assignmentActivity: String
        /// The queue's name in TaskRouter's keyed map of queues, or nil for a list element.
        var mapKey: String?
    }

    struct WorkflowPlan {
        var path: String
        var friendlyName: String
        /// The routing document, queues still named as in the file.
        var configuration: [String: Any]
        var configurationPath: String
        var taskReservationTimeoutSeconds: UInt32
        /// Strings in the configuration replaced before queues are resolved,
        /// such as "${task_queues.khp_en}" to "KHP English".
        var substitutions: [String: String]
        /// Stored by the server for TaskRouter compatibility; nil keeps the current value.
        var assignmentCallbackURL: String?
        var fallbackAssignmentCallbackURL: String?
    }

    struct WorkerPlan {
        var path: String
        var friendlyName: String
        var attributes: [String: Any]
        /// Friendly name or SID; nil keeps the current activity.
        var activity: String?
        /// Capacity and availability per task channel unique name.
        var channels: [(uniqueName: String, capacity: UInt32?, available: Bool?, path: String)]
    }

    var file: String
    var friendlyName: String
    var multiTaskEnabled: Bool?
    var prioritizeQueueOrder: Wire.QueueOrder?
    var defaultActivity: String?
    var timeoutActivity: String?
    var activities: [ActivityPlan] = []
    var channels: [ChannelPlan] = []
    var queues: [QueuePlan] = []
    var workflows: [WorkflowPlan] = []
    var workers: [WorkerPlan] = []
}
