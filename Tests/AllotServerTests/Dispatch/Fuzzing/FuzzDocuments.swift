/// Random documents that requests carry as text: attributes, routing
/// expressions, workflow configurations and list orderings. Most are
/// plausible, so that requests reach routing; the rest are broken in the
/// ways clients break them.
extension FuzzValues {
    // MARK: JSON

    /// JSON number spellings at the edges of `Double` and of integer conversion.
    static let edgeJSONNumbers = [
        "0", "-0", "1", "-1", "2", "5", "50", "0.5", "1.5e3", "1e308", "-1e308", "1e309", "4.9e-324", "1e-400",
        "9007199254740993", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "18446744073709551616", "2147483647", "2147483648", "1209600", "1209601",
    ]

    /// Returns `text` as a JSON string literal.
    static func jsonString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// Returns a worker's or task's attributes: usually an object with the keys
    /// the generated expressions read, sometimes any JSON, sometimes broken JSON.
    mutating func attributes(workerNames: [String]) -> String {
        let roll = plausible ? 0 : Double.random(in: 0..<1, using: &random)
        if roll < 0.8 { return plausibleAttributes(workerNames: workerNames) }
        if roll < 0.9 { return jsonValue(depth: 0, maximumDepth: pick([2, 4, 40])) }
        return brokenJSON(plausibleAttributes(workerNames: workerNames))
    }

    private mutating func plausibleAttributes(workerNames: [String]) -> String {
        var members: [String] = []
        if chance(0.7) {
            let skills = (0..<int(in: 0...3)).map { _ in Self.jsonString(pick(["support", "sales", "billing", "é", ""])) }
            members.append("\"skills\": [\(skills.joined(separator: ","))]")
        }
        if chance(0.7) { members.append("\"level\": \(pick(Self.edgeJSONNumbers))") }
        if chance(0.4) { members.append("\"languages\": {\"en\": true, \"fr\": \(pick(["false", "null", "1"]))}") }
        if chance(0.4) { members.append("\"customer\": {\"tier\": \(Self.jsonString(pick(["gold", "silver", ""])))}") }
        if chance(0.3), let name = workerNames.isEmpty ? nil : pick(workerNames) {
            members.append("\"agent\": \(Self.jsonString(name))")
        }
        if chance(0.2) { members.append("\"list\": [1, \"two\", null, [3], {\"four\": 4}]") }
        if chance(0.1) { members.append("\(Self.jsonString(text())): \(Self.jsonString(text()))") }
        return "{" + members.joined(separator: ", ") + "}"
    }

    /// Returns any JSON value, nesting up to `maximumDepth`, which may pass the
    /// engine's attribute depth limit.
    mutating func jsonValue(depth: Int, maximumDepth: Int) -> String {
        // Below the third level each container has one value, so that deep
        // documents are chains and their size grows with the depth, not exponentially.
        let nests = depth < maximumDepth && chance(depth < 3 ? 0.6 : 0.9)
        let count = depth < 3 ? int(in: 0...3) : 1
        if nests && chance(0.5) {
            let elements = (0..<count).map { _ in jsonValue(depth: depth + 1, maximumDepth: maximumDepth) }
            return "[" + elements.joined(separator: ",") + "]"
        }
        if nests {
            let members = (0..<count).map { _ in
                "\(Self.jsonString(pick(["a", "skills", "level", "", "a", text()]))):\(jsonValue(depth: depth + 1, maximumDepth: maximumDepth))"
            }
            return "{" + members.joined(separator: ",") + "}"
        }
        return pick([pick(Self.edgeJSONNumbers), Self.jsonString(text()), "true", "false", "null", "\"\\ud800\"", "\"\\u0000\""])
    }

    /// Damages a JSON document: cuts it, adds a trailing comma or junk,
    /// nests it past every limit, or replaces it.
    mutating func brokenJSON(_ document: String) -> String {
        switch int(in: 0...7) {
        case 0: return String(document.prefix(int(in: 0...max(0, document.count - 1))))
        case 1: return document + ","
        case 2: return String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        case 3: return String(repeating: "{\"a\":", count: 40) + "1" + String(repeating: "}", count: 40)
        case 4: return "{\"a\": NaN, \"b\": Infinity}"
        case 5: return "{\"a\":1,\"a\":2}"
        case 6: return "{\"notes\": \"" + String(repeating: "x", count: 4_096) + "\"}"
        default: return pick(["", "{", "}", "[]", "null", "1", "\"x\"", "{\"a\":}", "{'a':1}", "{\"a\":1}x"])
        }
    }

    // MARK: Expressions

    /// Where a generated expression is used, which decides the keys that are valid in it.
    enum ExpressionPlace {
        case taskFilter, target, queueTargetWorkers, workerFilter, skipIf

        /// Keys this place accepts, over the attributes the generated documents have.
        var validKeys: [String] {
            switch self {
            case .taskFilter:
                ["skills", "level", "languages.en", "customer.tier", "list[0]", "list[99999999999]", "agent",
                 "taskrouter.currentTime", "taskrouter.dayOfWeek", "taskrouter.currentHour", "taskrouter.currentMin"]
            case .target:
                ["task.skills", "task.level", "task.customer.tier", "task.agent", "worker.skills", "worker.level",
                 "worker.languages.fr", "worker.sid", "worker.friendly_name", "worker.activity_name",
                 "worker.channel.default.configured_capacity", "worker.channel.voice.available_capacity_percentage",
                 "worker.channel.nope.assigned_tasks", "taskrouter.currentTime"]
            case .queueTargetWorkers:
                ["skills", "level", "languages.en", "languages.fr", "list[0]", "customer.tier"]
            case .workerFilter:
                ["skills", "level", "sid", "friendly_name", "activity_name", "activity_sid", "taskrouter.currentMin"]
            case .skipIf:
                ["workers.available", "workers.unavailable", "workers.WA00000000000000000000000000000000"]
            }
        }
    }

    /// Keys that some places reject, and keys that no place accepts.
    static let otherKeys = ["true.x", "null[0]", "$a", "_b", "日本", "a-b", "task", "worker.", "workers.x.y", "taskrouter.noon"]

    static let validOperators = ["==", "!=", "<", "<=", ">", ">=", "CONTAINS", "HAS", "IN", "NOT IN", "contains", "in", "not in"]
    static let invalidOperators = ["=", "=>", "!", "~", "NOT", "- 1 =="]

    static let validLiterals = [
        "0", "-1", "1", "2", "5", "1e308", "0.5", "-0", "9223372036854775807", "18446744073709551616", "915",
        "'support'", "\"sales\"", "'é'", "'a\\'b'", "'\\n'", "true", "FALSE", "null", "['support', 'sales']",
        "[1, 2, 3]", "[]", "'Mon'", "'09'",
    ]
    static let invalidLiterals = ["['a', [1]]", "1e309", "'\\q'", "'", "\"unterminated", "988En", "[1,", "--1"]

    /// Returns a routing expression for `place`: usually valid there, sometimes
    /// with keys, operators or literals it rejects, nested past the depth limit,
    /// over the length limit or damaged.
    mutating func expression(for place: ExpressionPlace) -> String {
        let roll = plausible ? 0.5 : Double.random(in: 0..<1, using: &random)
        if roll < 0.04 { return pick(["", " ", "1==1", "1==0", "true", "1 == 1 AND", "(", ")", "((1==1)", "1==1)"]) }
        if roll < 0.05 { return String(repeating: "(", count: 70) + "1==1" + String(repeating: ")", count: 70) }
        if roll < 0.06 { return "1==1" + String(repeating: " AND 1==1", count: 2_000) }
        let isValid = roll < 0.75
        var source = disjunction(place: place, isValid: isValid, depth: 0)
        if !isValid && chance(0.3) {
            var characters = Array(source)
            let position = int(in: 0...characters.count)
            characters.insert(pick(["(", ")", "'", "\"", ",", "[", "]", "\\", "-", "é", "\u{0}", "!"]), at: position)
            source = String(characters)
        }
        return source
    }

    private mutating func disjunction(place: ExpressionPlace, isValid: Bool, depth: Int) -> String {
        let parts = (0..<pick([1, 1, 2, 3])).map { _ in conjunction(place: place, isValid: isValid, depth: depth) }
        return parts.joined(separator: pick([" OR ", " or ", " || "]))
    }

    private mutating func conjunction(place: ExpressionPlace, isValid: Bool, depth: Int) -> String {
        let parts = (0..<pick([1, 1, 2, 3])).map { _ in primary(place: place, isValid: isValid, depth: depth) }
        return parts.joined(separator: pick([" AND ", " and ", " && "]))
    }

    private mutating func primary(place: ExpressionPlace, isValid: Bool, depth: Int) -> String {
        if depth < 3 && chance(0.15) { return "(" + disjunction(place: place, isValid: isValid, depth: depth + 1) + ")" }
        let keys = isValid ? place.validKeys : place.validKeys + Self.otherKeys
        let literals = isValid ? Self.validLiterals : Self.validLiterals + Self.invalidLiterals
        let operators = isValid ? Self.validOperators : Self.validOperators + Self.invalidOperators
        let left = chance(0.85) ? pick(keys) : pick(literals)
        let right = chance(0.85) ? pick(literals) : pick(keys)
        return "\(left) \(pick(operators)) \(right)"
    }

    /// Returns an `order_by` clause list of a workflow target.
    mutating func workerOrdering(isValid: Bool) -> String {
        let valid = ["worker.level DESC", "worker.level ASC, worker.skills DESC", "worker.level", "", "worker.list[0] desc"]
        return isValid || plausible ? pick(valid) : pick(valid + ["level DESC", "worker.level SIDEWAYS", "worker.", "worker.level DESC,", text()])
    }

    /// Returns a list `Ordering` parameter for tasks, workers or queues.
    mutating func listOrdering() -> String {
        if plausible { return pick(["", "DateCreated:asc", "Priority:desc,DateCreated:asc"]) }
        return pick(["", "DateCreated:asc", "DateCreated:desc", "Priority:desc,DateCreated:asc", "VirtualStartTime:asc",
              "DateCreated:asc,VirtualStartTime:asc", "DateStatusChanged:desc", "DateUpdated:desc", "priority:DESC",
              "Priority:up", "a:b:c", ",,,,", "Priority,Priority,Priority,Priority,Priority", ":", text()])
    }
}
