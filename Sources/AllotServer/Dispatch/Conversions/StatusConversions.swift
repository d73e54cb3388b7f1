import AllotCore
import AllotWire

extension Wire.StatusCode {
    /// Converts the code of an engine error. Two engine codes have no status of
    /// their own in the protocol and report FAILED_PRECONDITION, as the
    /// .proto documents: `gone` (accepting a rescinded reservation) and
    /// `aborted` (an if_match_version that does not match).
    init(_ code: EngineErrorCode) {
        switch code {
        case .invalidArgument: self = .invalidArgument
        case .notFound: self = .notFound
        case .alreadyExists: self = .alreadyExists
        case .failedPrecondition: self = .failedPrecondition
        case .resourceExhausted: self = .resourceExhausted
        case .gone: self = .failedPrecondition
        case .aborted: self = .failedPrecondition
        case .outOfRange: self = .outOfRange
        }
    }
}

extension CallFailure {
    /// Converts an engine error into the failure of a call, with the
    /// engine's message and the field at fault in the protocol's spelling.
    init(_ error: EngineError, request: Wire.ClientFrame.Request) {
        self.init(Wire.StatusCode(error.code), error.message, field: WireFieldName.of(error.field, in: request))
    }
}

/// Translation of the engine's field names, which follow TaskRouter's REST
/// parameters (`FriendlyName`, `TaskQueueSid`), into the .proto's field
/// names (`friendly_name`, `task_queue_sid`).
enum WireFieldName {
    /// Engine names whose protocol field differs by more than spelling.
    static let renamed: [String: String] = [
        "QueueSids": "task_queue_sids",
        "VirtualStartTime": "virtual_start_time_unix_milliseconds",
        "StartDate": "start_date_unix_milliseconds",
        "EndDate": "end_date_unix_milliseconds",
        "Instruction": "reservation_status",
        "If-Match": "if_match_version",
    ]

    /// Returns the protocol's name of `engineField` for `request`. The
    /// engine calls the SID of the resource a request acts on `Sid`, which
    /// becomes that request's SID field.
    static func of(_ engineField: String, in request: Wire.ClientFrame.Request) -> String {
        if engineField == "Sid" { return resourceField(of: request) }
        if let name = renamed[engineField] { return name }
        return snakeCase(engineField)
    }

    /// `TaskQueueSid` becomes `task_queue_sid`; a name without capitals is kept.
    static func snakeCase(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase {
                if !result.isEmpty { result.append("_") }
                result.append(contentsOf: character.lowercased())
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// Returns the field that names the resource a request acts on.
    static func resourceField(of request: Wire.ClientFrame.Request) -> String {
        switch request {
        case .createWorkspace, .fetchWorkspace, .updateWorkspace, .deleteWorkspace, .listWorkspaces:
            "workspace_sid"
        case .createActivity, .fetchActivity, .updateActivity, .deleteActivity, .listActivities:
            "activity_sid"
        case .createTaskChannel, .fetchTaskChannel, .updateTaskChannel, .deleteTaskChannel, .listTaskChannels:
            "task_channel"
        case .createWorker, .fetchWorker, .updateWorker, .deleteWorker, .listWorkers:
            "worker_sid"
        case .fetchWorkerChannel, .updateWorkerChannel, .listWorkerChannels:
            "worker_channel"
        case .createTaskQueue, .fetchTaskQueue, .updateTaskQueue, .deleteTaskQueue, .listTaskQueues:
            "task_queue_sid"
        case .createWorkflow, .fetchWorkflow, .updateWorkflow, .deleteWorkflow, .listWorkflows:
            "workflow_sid"
        case .createTask, .fetchTask, .updateTask, .deleteTask, .listTasks:
            "task_sid"
        case .fetchReservation, .updateReservation, .listTaskReservations, .listWorkerReservations:
            "reservation_sid"
        case .fetchEvent:
            "event_sid"
        case .subscribeEvents:
            "worker_sid"
        default:
            "sid"
        }
    }
}
