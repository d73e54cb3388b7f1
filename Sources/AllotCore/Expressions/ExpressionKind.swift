/// Where an expression is used, which decides the keys it may reference.
public enum ExpressionKind: Sendable, Hashable, CaseIterable {
    /// A queue's `target_workers`: bare keys are paths into the worker's attributes.
    case queueTargetWorkers
    /// The `TargetWorkersExpression` list filter: the bare keys `sid`,
    /// `friendly_name`, `activity_sid` and `activity_name` read the worker's
    /// system fields, and every other key is a path into its attributes.
    case workerFilter
    /// A workflow filter or `EvaluateTaskAttributes`: bare keys are paths into
    /// the task's attributes, and `taskrouter.*` keys read the clock.
    case taskFilter
    /// A workflow target's `expression`: every key starts with `task.` or
    /// `worker.`, and `taskrouter.*` keys read the clock.
    case target
    /// A workflow target's `skip_if`: only the `workers.*` counters.
    case skipIf
}

extension ExpressionKind {
    /// Whether `taskrouter.*` time keys may appear. A queue's `target_workers`
    /// excludes them because queue membership is computed when a worker
    /// changes, not when a task is routed.
    var allowsClock: Bool {
        switch self {
        case .workerFilter, .taskFilter, .target: true
        case .queueTargetWorkers, .skipIf: false
        }
    }

    /// The name used for this kind in error messages.
    var placeName: String {
        switch self {
        case .queueTargetWorkers: "a queue's target_workers"
        case .workerFilter: "a worker list filter"
        case .taskFilter: "a workflow filter"
        case .target: "a workflow target's expression"
        case .skipIf: "skip_if"
        }
    }
}
