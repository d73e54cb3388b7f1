/// Parses and validates a TaskRouter `task_routing` document.
///
/// Accepted keys. Top level: `task_routing`. In `task_routing`: `filters`,
/// `default_filter`. In a filter: `expression`, `targets`, and a label under
/// `filter_friendly_name`, `friendly_name`, `friendlyName` or
/// `filterFriendlyName` (real configurations use all of these). In a target:
/// `queue`, `priority`, `timeout`, `expression`, `order_by`, `skip_if`,
/// `known_worker_sid`, `known_worker_friendly_name`. Any other key is
/// rejected with an error naming it, because a misspelt `skip_if` or
/// `timeout` silently ignored would change routing. A key whose value is
/// JSON null counts as absent. Numbers may be given as strings ("10").
package struct WorkflowConfigurationParser {
    let limits: EngineLimits
    let resolveQueue: (String) -> QueueHandle?

    static let field = "Configuration"
    static let filterLabelKeys: Set<String> = ["filter_friendly_name", "friendly_name", "friendlyName", "filterFriendlyName"]
    package static let documentKeys: Set<String> = ["task_routing"]
    package static let routingKeys: Set<String> = ["filters", "default_filter"]
    package static let filterKeys = filterLabelKeys.union(["expression", "targets"])
    package static let targetKeys: Set<String> = ["queue", "priority", "timeout", "expression", "order_by", "skip_if",
                                                  "known_worker_sid", "known_worker_friendly_name"]

    /// Returns the error message for `key` where only `allowed` may appear,
    /// with the allowed key it probably meant.
    package static func unknownKeyMessage(_ key: String, allowed: Set<String>, at place: String) -> String {
        let hint = NearestName.nearest(to: key, among: allowed.sorted()).map { "did you mean '\($0)'? " } ?? ""
        return "\(place) has the unknown key \(EngineError.quoted(key)); \(hint)allowed keys are "
            + allowed.sorted().joined(separator: ", ")
    }

    func parse(_ text: String) throws(EngineError) -> CompiledWorkflow {
        let byteCount = text.utf8.count
        if byteCount > limits.maximumWorkflowConfigurationBytes {
            throw .invalidArgument(field: Self.field,
                                   message: "Configuration has \(byteCount) bytes; the maximum is "
                                       + "\(limits.maximumWorkflowConfigurationBytes)")
        }
        let document = try JSONInput.document(text, field: Self.field, maximumBytes: limits.maximumWorkflowConfigurationBytes,
                                              maximumDepth: Limits.maximumAttributesDepth)

        let root = try object(document, at: "the document")
        try rejectUnknownKeys(root, allowed: Self.documentKeys, at: "the document")
        guard let routingValue = present(root["task_routing"]) else {
            throw invalid("the document has no 'task_routing' object; wrap the filters in {\"task_routing\": {...}}")
        }
        let routing = try object(routingValue, at: "task_routing")
        try rejectUnknownKeys(routing, allowed: Self.routingKeys, at: "task_routing")

        var filters: [RoutingFilter] = []
        if let filtersValue = present(routing["filters"]) {
            guard case .array(let elements) = filtersValue else { throw invalid("task_routing.filters must be an array") }
            var stepCount = 0
            for (index, element) in elements.enumerated() {
                let filter = try parseFilter(element, index: index)
                stepCount += filter.steps.count
                if stepCount > limits.maximumWorkflowSteps {
                    throw invalid("the workflow has more than \(limits.maximumWorkflowSteps) targets; split it")
                }
                filters.append(filter)
            }
        }

        var defaultStep: RoutingStep?
        if let defaultValue = present(routing["default_filter"]) {
            // The default filter is final: a `timeout` there is accepted and has no effect.
            let step = try parseTarget(defaultValue, at: "default_filter", inheritedQueue: nil)
            defaultStep = RoutingStep(queue: step.queue, queueSid: step.queueSid, priority: step.priority, timeoutSeconds: nil,
                                      expression: step.expression, ordering: step.ordering, skipIf: step.skipIf,
                                      knownWorker: step.knownWorker)
        }
        return CompiledWorkflow(filters: filters, defaultStep: defaultStep, configurationText: text)
    }

    private func parseFilter(_ value: AttributeValue, index: Int) throws(EngineError) -> RoutingFilter {
        let place = "filter \(index + 1)"
        let filter = try object(value, at: place)
        try rejectUnknownKeys(filter, allowed: Self.filterKeys, at: place)
        var label: String?
        for key in Self.filterLabelKeys.sorted() {
            if case .string(let text) = filter[key] { label = text }
        }
        if let label, label.count > limits.maximumFilterNameCharacters {
            throw invalid("the name \(EngineError.quoted(label)) of \(place) has \(label.count) characters; "
                          + "the maximum is \(limits.maximumFilterNameCharacters); shorten it")
        }
        let named = label.map { "\(place) '\($0)'" } ?? place
        guard case .string(let source) = filter["expression"] else {
            throw invalid("\(named) needs an 'expression' string over task attributes, such as \"1==1\"")
        }
        let expression = try WorkspaceState.compile(source, kind: .taskFilter, field: Self.field,
                                                    context: "\(named) expression")
        guard case .array(let targetValues) = filter["targets"], !targetValues.isEmpty else {
            throw invalid("\(named) needs a non-empty 'targets' array")
        }
        var steps: [RoutingStep] = []
        for (targetIndex, targetValue) in targetValues.enumerated() {
            let step = try parseTarget(targetValue, at: "\(named) target \(targetIndex + 1)",
                                       inheritedQueue: steps.last.map { ($0.queue, $0.queueSid) })
            steps.append(step)
        }
        return RoutingFilter(friendlyName: label, expression: expression, steps: steps)
    }

    private func parseTarget(_ value: AttributeValue, at place: String,
                             inheritedQueue: (QueueHandle, String)?) throws(EngineError) -> RoutingStep {
        let target = try object(value, at: place)
        try rejectUnknownKeys(target, allowed: Self.targetKeys, at: place)
        let queue: (QueueHandle, String)
        if let queueValue = present(target["queue"]) {
            guard case .string(let sid) = queueValue else { throw invalid("\(place) 'queue' must be a task queue SID string") }
            guard let handle = resolveQueue(sid) else {
                throw invalid("\(place) routes to task queue \(EngineError.quoted(sid)), which does not exist in this workspace")
            }
            queue = (handle, sid)
        } else if let inheritedQueue {
            queue = inheritedQueue
        } else {
            throw invalid("\(place) has no 'queue'; the first target of a filter and the default filter must name one")
        }
        let priority = try integer(target["priority"], at: "\(place) priority", range: 0...limits.maximumTaskPriority)
        let timeoutSeconds = try integer(target["timeout"], at: "\(place) timeout", range: 1...limits.maximumTaskTimeoutSeconds)
        var expression: Expression?
        if let source = try string(target["expression"], at: "\(place) expression") {
            expression = try WorkspaceState.compile(source, kind: .target, field: Self.field, context: "\(place) expression")
        }
        var skipIf: Expression?
        if let source = try string(target["skip_if"], at: "\(place) skip_if") {
            skipIf = try WorkspaceState.compile(source, kind: .skipIf, field: Self.field, context: "\(place) skip_if")
        }
        var ordering: WorkerOrdering?
        if let source = try string(target["order_by"], at: "\(place) order_by") {
            do {
                ordering = try WorkerOrdering(source)
            } catch {
                throw invalid("\(place) order_by \(EngineError.quoted(source)) is not valid: "
                              + "column \(error.column): \(error.message)")
            }
        }
        let knownWorker = try knownWorker(target, at: place)
        return RoutingStep(queue: queue.0, queueSid: queue.1, priority: priority, timeoutSeconds: timeoutSeconds,
                           expression: expression, ordering: ordering, skipIf: skipIf, knownWorker: knownWorker)
    }

    private func knownWorker(_ target: AttributeObject, at place: String) throws(EngineError) -> KnownWorkerReference? {
        let bySid = try string(target["known_worker_sid"], at: "\(place) known_worker_sid")
        let byName = try string(target["known_worker_friendly_name"], at: "\(place) known_worker_friendly_name")
        if bySid != nil && byName != nil {
            throw invalid("\(place) sets both known_worker_sid and known_worker_friendly_name; keep one")
        }
        guard let reference = bySid ?? byName else { return nil }
        let parts = reference.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, parts[0] == "task", parts.dropFirst().allSatisfy({ !$0.isEmpty }) else {
            throw invalid("\(place) known worker reference \(EngineError.quoted(reference)) must name a task attribute "
                          + "such as \"task.agent_sid\"")
        }
        let path = Array(parts.dropFirst())
        return bySid != nil ? .sid(path: path) : .friendlyName(path: path)
    }

    // MARK: Helpers

    private func invalid(_ message: String) -> EngineError {
        .invalidArgument(field: Self.field, message: message)
    }

    private func present(_ value: AttributeValue?) -> AttributeValue? {
        guard let value, value != .null else { return nil }
        return value
    }

    private func object(_ value: AttributeValue, at place: String) throws(EngineError) -> AttributeObject {
        guard case .object(let object) = value else { throw invalid("\(place) must be a JSON object") }
        return object
    }

    private func rejectUnknownKeys(_ object: AttributeObject, allowed: Set<String>, at place: String) throws(EngineError) {
        for member in object.members where !allowed.contains(member.key) {
            throw invalid(Self.unknownKeyMessage(member.key, allowed: allowed, at: place))
        }
    }

    private func string(_ value: AttributeValue?, at place: String) throws(EngineError) -> String? {
        guard let value = present(value) else { return nil }
        guard case .string(let text) = value else { throw invalid("\(place) must be a string") }
        return text
    }

    /// Reads an integer given as a JSON number or a numeric string.
    private func integer(_ value: AttributeValue?, at place: String, range: ClosedRange<Int>) throws(EngineError) -> Int? {
        guard let value = present(value) else { return nil }
        let number: Double?
        switch value {
        case .number(let double): number = double
        // Decimal text only: `Double.init` would also read "0x10" as 16.
        case .string(let text): number = NumericText.number(from: text.trimmingWhitespace())
        default: number = nil
        }
        guard let number, let whole = Int64(wholeNumber: number).map(Int.init), range.contains(whole) else {
            throw invalid("\(place) is \(EngineError.quoted(value.jsonText)); pass a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return whole
    }
}

extension String {
    /// Returns the string without leading and trailing spaces, tabs and line breaks.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
