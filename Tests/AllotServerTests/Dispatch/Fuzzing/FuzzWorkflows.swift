/// Random workflow configurations: `task_routing` documents whose targets
/// name real and unknown queues, with priorities, timeouts, expressions,
/// `order_by`, `skip_if` and known-worker references at and past their limits.
extension FuzzValues {
    /// Valid JSON values for a target's `priority`, numbers and numeric strings.
    static let validPriorities = ["0", "1", "10", "2147483647", "\"10\"", "\" 7 \"", "\"1e3\"", "null"]
    static let invalidPriorities = [
        "-1", "2147483648", "9223372036854775807", "-9223372036854775808", "1e19", "1e300", "1.5", "\"abc\"", "\"NaN\"",
        "true", "[]",
    ]

    /// Valid JSON values for a target's `timeout`, in seconds.
    static let validTimeouts = ["1", "2", "5", "30", "120", "86400", "1209600", "\"60\"", "null"]
    static let invalidTimeouts = ["1209601", "0", "-1", "1e9", "9223372036854775807", "1.5", "\"\"", "false"]

    /// Returns a workflow configuration over `queues`, task queue SIDs of the workspace.
    mutating func workflowConfiguration(queues: [String]) -> String {
        let roll = plausible ? 0.5 : Double.random(in: 0..<1, using: &random)
        if roll < 0.03 { return manyTargetsConfiguration(queue: queues.first ?? "WQ0") }
        // Most documents are valid, so that tasks get routed; the rest break one rule or more.
        let isValid = roll < 0.7
        let document = routingDocument(queues: queues, isValid: isValid)
        if roll > 0.9 { return brokenJSON(document) }
        return document
    }

    private mutating func routingDocument(queues: [String], isValid: Bool) -> String {
        var members: [String] = []
        let filters = (0..<pick([0, 1, 1, 2, 3])).map { index in filter(index: index, queues: queues, isValid: isValid) }
        if isValid || chance(0.95) { members.append("\"filters\": [\(filters.joined(separator: ", "))]") }
        if chance(0.8) { members.append("\"default_filter\": \(target(queues: queues, isFirst: true, isValid: isValid))") }
        if !isValid && chance(0.1) { members.append("\"filter\": []") }
        let routing = "{" + members.joined(separator: ", ") + "}"
        return isValid || chance(0.9) ? "{\"task_routing\": \(routing)}" : routing
    }

    private mutating func filter(index: Int, queues: [String], isValid: Bool) -> String {
        let source = isValid || chance(0.5) ? expression(for: .taskFilter) : expression(for: .target)
        var members = ["\"expression\": \(FuzzValues.jsonString(source))"]
        if chance(0.5) { members.append("\"filter_friendly_name\": \(FuzzValues.jsonString("Filter \(index)"))") }
        if chance(0.1) { members.append("\(pick(["\"friendlyName\"", "\"friendly_name\""])): \(FuzzValues.jsonString(text()))") }
        let targets = (0..<pick(isValid ? [1, 1, 2, 3] : [0, 1, 2])).map { position in
            target(queues: queues, isFirst: position == 0, isValid: isValid)
        }
        if isValid || chance(0.9) { members.append("\"targets\": [\(targets.joined(separator: ", "))]") }
        if !isValid && chance(0.1) { members.append("\"skip_if\": \"1==1\"") }
        return "{" + members.joined(separator: ", ") + "}"
    }

    private mutating func target(queues: [String], isFirst: Bool, isValid: Bool) -> String {
        var members: [String] = []
        if isFirst || chance(0.4) {
            let queue = !queues.isEmpty && (isValid || chance(0.7)) ? pick(queues) : malformedSid(prefix: "WQ")
            members.append("\"queue\": \(FuzzValues.jsonString(queue))")
        }
        let priorities = isValid ? Self.validPriorities : Self.validPriorities + Self.invalidPriorities
        let timeouts = isValid ? Self.validTimeouts : Self.validTimeouts + Self.invalidTimeouts
        if chance(0.3) { members.append("\"priority\": \(pick(priorities))") }
        if chance(0.4) { members.append("\"timeout\": \(pick(timeouts))") }
        if chance(0.5) { members.append("\"expression\": \(FuzzValues.jsonString(expression(for: isValid || chance(0.5) ? .target : .taskFilter)))") }
        if chance(0.15) { members.append("\"order_by\": \(FuzzValues.jsonString(workerOrdering(isValid: isValid)))") }
        if chance(0.2) { members.append("\"skip_if\": \(FuzzValues.jsonString(expression(for: .skipIf)))") }
        if chance(0.08) {
            let key = pick(["\"known_worker_sid\"", "\"known_worker_friendly_name\""])
            let path = isValid ? pick(["task.agent", "task.customer.tier"]) : pick(["task.agent", "agent", "task.", "task..x", ""])
            members.append("\(key): \(FuzzValues.jsonString(path))")
        }
        if !isValid && chance(0.1) { members.append("\"timout\": 5") }
        return "{" + members.joined(separator: ", ") + "}"
    }

    /// A configuration with more targets than a workflow may have, which the
    /// engine must reject by counting, not by running out of memory.
    private mutating func manyTargetsConfiguration(queue: String) -> String {
        let target = "{\"queue\": \(FuzzValues.jsonString(queue)), \"timeout\": 1}"
        let targets = Array(repeating: target, count: 5_001).joined(separator: ",")
        return "{\"task_routing\": {\"filters\": [{\"expression\": \"1==1\", \"targets\": [\(targets)]}]}}"
    }
}
