import AllotCore

/// Checks a TaskRouter routing document with the engine's parser and key
/// lists, so that a command can reject an invalid one before it sends
/// anything to the server.
///
/// It reads the places the engine compiles: a filter's `expression` (over
/// task attributes), and a target's or the default filter's `expression`,
/// `skip_if` and `order_by`. It also rejects keys the engine does not know,
/// such as a misspelt `timeout`. Values that are not strings, and the rest
/// of the document's shape, are left to the server, which names those
/// problems itself.
enum RoutingExpressionCheck {
    /// An expression that does not parse or a key the engine rejects, with
    /// the JSON path of its value or of the object that contains the key.
    struct Problem {
        var path: String
        /// The problem in one line, such as
        /// `invalid expression 'skills HAS "vip': column 12: …`.
        var message: String
        /// For an expression, the expression with a caret under the column of the error.
        var caretLines: [String] = []

        init(path: String, source: String, error: ExpressionError) {
            self.path = path
            message = "invalid expression '\(source)': \(error)"
            caretLines = CaretDiagnostic.lines(for: source, column: error.column)
        }

        init(path: String, unknownKey key: String, allowed: Set<String>, place: String) {
            self.path = path
            message = WorkflowConfigurationParser.unknownKeyMessage(key, allowed: allowed, at: place)
        }
    }

    /// Returns the problem of a queue's `target_workers` expression, or nil when it parses.
    static func targetWorkersProblem(_ source: String, path: String) -> Problem? {
        problem(source, kind: .queueTargetWorkers, path: path)
    }

    /// Returns every expression of `document` that does not parse. `path`
    /// is the JSON path of the document itself.
    static func problems(in document: [String: Any], path: String) -> [Problem] {
        var problems = keyProblems(document, allowed: WorkflowConfigurationParser.documentKeys, place: "the document", path: path)
        guard let routing = document["task_routing"] as? [String: Any] else { return problems }
        let routingPath = "\(path).task_routing"
        problems += keyProblems(routing, allowed: WorkflowConfigurationParser.routingKeys, place: "task_routing", path: routingPath)
        for (filterIndex, element) in (routing["filters"] as? [Any] ?? []).enumerated() {
            guard let filter = element as? [String: Any] else { continue }
            let filterPath = "\(routingPath).filters[\(filterIndex)]"
            problems += keyProblems(filter, allowed: WorkflowConfigurationParser.filterKeys, place: "the filter", path: filterPath)
            if let source = filter["expression"] as? String,
               let problem = problem(source, kind: .taskFilter, path: "\(filterPath).expression") {
                problems.append(problem)
            }
            for (targetIndex, target) in (filter["targets"] as? [Any] ?? []).enumerated() {
                guard let target = target as? [String: Any] else { continue }
                problems += targetProblems(target, path: "\(filterPath).targets[\(targetIndex)]")
            }
        }
        if let defaultFilter = routing["default_filter"] as? [String: Any] {
            problems += targetProblems(defaultFilter, path: "\(routingPath).default_filter")
        }
        return problems
    }

    /// Returns a problem for each key of `object` that is not in `allowed`, in key order.
    private static func keyProblems(_ object: [String: Any], allowed: Set<String>, place: String, path: String) -> [Problem] {
        object.keys.sorted().filter { !allowed.contains($0) }.map { key in
            Problem(path: path, unknownKey: key, allowed: allowed, place: place)
        }
    }

    /// Returns the problems of one target's keys and of its `expression`, `skip_if` and `order_by`.
    private static func targetProblems(_ target: [String: Any], path: String) -> [Problem] {
        var problems = keyProblems(target, allowed: WorkflowConfigurationParser.targetKeys, place: "the target", path: path)
        for (key, kind) in [("expression", ExpressionKind.target), ("skip_if", .skipIf)] {
            if let source = target[key] as? String, let problem = problem(source, kind: kind, path: "\(path).\(key)") {
                problems.append(problem)
            }
        }
        if let source = target["order_by"] as? String {
            do {
                _ = try WorkerOrdering(source)
            } catch {
                problems.append(Problem(path: "\(path).order_by", source: source, error: error))
            }
        }
        return problems
    }

    private static func problem(_ source: String, kind: ExpressionKind, path: String) -> Problem? {
        do {
            _ = try AllotCore.Expression(source, kind: kind)
            return nil
        } catch {
            return Problem(path: path, source: source, error: error)
        }
    }
}
