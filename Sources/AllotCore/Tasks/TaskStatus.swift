/// A task's `assignment_status`.
public enum TaskStatus: String, Sendable, Hashable, CaseIterable {
    case pending, reserved, assigned, canceled, completed, wrapping

    /// Canceled and completed tasks never change again.
    public var isFinished: Bool { self == .canceled || self == .completed }

    /// Pending and reserved tasks are waiting for a worker to accept them.
    public var isWaiting: Bool { self == .pending || self == .reserved }

    /// The statuses by raw value, matched in any letter case.
    static let namesInAnyCase = LowercaseNames(allCases.map { ($0.rawValue, $0) })
}

/// The direct destination of a task created with `RoutingTarget`.
public enum RoutingTarget: Sendable, Hashable {
    /// Offered only to this worker.
    case worker(sid: String)
    /// Placed straight in this queue, bypassing any workflow.
    case taskQueue(sid: String)
    /// Routed by this workflow.
    case workflow(sid: String)

    public var sid: String {
        switch self {
        case .worker(let sid), .taskQueue(let sid), .workflow(let sid): sid
        }
    }

    /// Parses a `RoutingTarget` parameter by its SID prefix. With `field`
    /// `TaskQueueSid` only a task queue SID is accepted.
    static func parse(_ text: String, field: String = "RoutingTarget") throws(EngineError) -> RoutingTarget {
        if field == "TaskQueueSid" {
            try InputValidation.sid(text, prefix: .taskQueue, field: field)
            return .taskQueue(sid: text)
        }
        switch Sid.prefix(of: text) {
        case .worker: return .worker(sid: text)
        case .taskQueue: return .taskQueue(sid: text)
        case .workflow: return .workflow(sid: text)
        default:
            throw .invalidArgument(field: "RoutingTarget",
                                   message: "RoutingTarget \(EngineError.quoted(text)) is not a worker (WK), "
                                       + "task queue (WQ) or workflow (WW) SID")
        }
    }
}
