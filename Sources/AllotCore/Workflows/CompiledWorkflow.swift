/// The reference by which a routing step names the one worker it may offer the task to.
enum KnownWorkerReference: Sendable, Hashable {
    /// The task attribute at `path` contains a worker SID.
    case sid(path: [String])
    /// The task attribute at `path` contains a worker friendly name, matched
    /// case-insensitively as worker names are unique case-insensitively.
    case friendlyName(path: [String])

    var path: [String] {
        switch self {
        case .sid(let path), .friendlyName(let path): path
        }
    }
}

/// One target of a workflow filter, resolved against the workspace.
///
/// It is an immutable class, because routing and event building read a
/// task's step several times per task, and each copy of it as a struct
/// retained and released every reference in it.
final class RoutingStep: Sendable {
    let queue: QueueHandle
    let queueSid: String
    /// Priority given to the task on entering the step; nil keeps its priority.
    let priority: Int?
    /// Seconds added to the filter's cumulative deadline; nil makes the step final.
    let timeoutSeconds: Int?
    let expression: Expression?
    let ordering: WorkerOrdering?
    let skipIf: Expression?
    let knownWorker: KnownWorkerReference?

    init(queue: QueueHandle, queueSid: String, priority: Int? = nil, timeoutSeconds: Int? = nil,
         expression: Expression? = nil, ordering: WorkerOrdering? = nil, skipIf: Expression? = nil,
         knownWorker: KnownWorkerReference? = nil) {
        self.queue = queue
        self.queueSid = queueSid
        self.priority = priority
        self.timeoutSeconds = timeoutSeconds
        self.expression = expression
        self.ordering = ordering
        self.skipIf = skipIf
        self.knownWorker = knownWorker
    }
}

/// One workflow filter: a task expression and its ordered steps.
struct RoutingFilter: Sendable {
    var friendlyName: String?
    var expression: Expression
    var steps: [RoutingStep]
}

/// A parsed and validated `task_routing` document. Immutable, and shared by
/// reference between the workflow and its tasks: a task keeps routing by the
/// document it entered with until it is re-evaluated.
final class CompiledWorkflow: Sendable {
    let filters: [RoutingFilter]
    let defaultStep: RoutingStep?
    /// The document's text, from which a snapshot restore compiles it again.
    let configurationText: String
    /// Whether some filter expression reads the clock, so that the filter a
    /// task belongs in can change with the time alone.
    let filtersReadClock: Bool
    /// Per filter, per step: whether the step's target expression reads the clock.
    let stepsReadingClock: [[Bool]]
    /// Whether the default step's target expression reads the clock.
    let defaultStepReadsClock: Bool
    /// Whether routing by this document can change with the time alone:
    /// some filter or target expression reads the clock. `skip_if` is left
    /// out because it is evaluated only when a task enters a step.
    let readsClock: Bool

    init(filters: [RoutingFilter], defaultStep: RoutingStep?, configurationText: String) {
        self.filters = filters
        self.defaultStep = defaultStep
        self.configurationText = configurationText
        filtersReadClock = filters.contains { $0.expression.readsClock }
        stepsReadingClock = filters.map { filter in filter.steps.map { $0.expression?.readsClock ?? false } }
        defaultStepReadsClock = defaultStep?.expression?.readsClock ?? false
        readsClock = filtersReadClock || defaultStepReadsClock || stepsReadingClock.contains { $0.contains(true) }
    }


    /// Whether the target expression of step `step` of `filter` (nil: the
    /// default filter) reads the clock.
    func stepReadsClock(filter: Int?, step: Int) -> Bool {
        guard let filter else { return defaultStepReadsClock }
        return stepsReadingClock[filter][step]
    }

    /// Every queue the document routes to.
    var queues: Set<QueueHandle> {
        var result = Set(filters.flatMap { $0.steps.map(\.queue) })
        if let defaultStep { result.insert(defaultStep.queue) }
        return result
    }
}
