/// Resolves a key as written into an operand, by the rules of the place
/// where the expression is used.
enum KeyResolver {
    /// Resolves `key` for `kind`, or throws when the kind does not allow it.
    static func resolve(_ key: ParsedKey, kind: ExpressionKind, cursor: TokenCursor) throws(ExpressionError) -> Operand {
        if key.firstName == "taskrouter" {
            return try clockOperand(key, kind: kind, cursor: cursor)
        }
        switch kind {
        case .queueTargetWorkers:
            return .key(root: .worker, path: key.components)
        case .workerFilter:
            if key.components.count == 1, let field = WorkerSystemField(keyName: key.firstName) {
                return .workerSystemField(field)
            }
            return .key(root: .worker, path: key.components)
        case .taskFilter:
            return .key(root: .task, path: key.components)
        case .target:
            return try targetOperand(key, cursor: cursor)
        case .skipIf:
            return try counterOperand(key, cursor: cursor)
        }
    }

    /// `taskrouter.currentTime`, `.currentHour`, `.currentMin` and `.dayOfWeek`.
    private static func clockOperand(_ key: ParsedKey, kind: ExpressionKind, cursor: TokenCursor) throws(ExpressionError) -> Operand {
        guard kind.allowsClock else {
            let reason = kind == .queueTargetWorkers
                ? ", because queue membership is computed when a worker changes, not when a task is routed; use them in a workflow filter or target expression"
                : "; skip_if can only reference workers.available, workers.unavailable and workers.<activity SID>"
            throw cursor.error(at: key.startToken, "time keys such as '\(key.text)' are not available in \(kind.placeName)\(reason)")
        }
        guard key.components.count == 2, case .member(let name) = key.components[1], let field = ClockField(keyName: name) else {
            let names = ClockField.allCases.map { "taskrouter.\($0.keyName)" }.joined(separator: ", ")
            throw cursor.error(at: key.startToken, "unknown time key '\(key.text)'; the time keys are \(names)")
        }
        return .clock(field)
    }

    /// Target keys start with `task.` or `worker.`. Under `worker.`, the
    /// system fields and `channel.<unique_name>.<field>` are recognised;
    /// every other path, including an unknown channel field name, reads the
    /// worker's attributes.
    private static func targetOperand(_ key: ParsedKey, cursor: TokenCursor) throws(ExpressionError) -> Operand {
        let root: KeyRoot? = switch key.firstName {
        case "task": .task
        case "worker": .worker
        default: nil
        }
        guard let root, key.components.count >= 2, case .member = key.components[1] else {
            throw cursor.error(
                at: key.startToken,
                "key '\(key.text)' in a workflow target's expression must begin with 'task.' or 'worker.', as in task.\(key.text) or worker.\(key.text)"
            )
        }
        let path = Array(key.components.dropFirst())
        guard root == .worker else { return .key(root: .task, path: path) }

        if path.count == 1, case .member(let name) = path[0], let field = WorkerSystemField(keyName: name) {
            return .workerSystemField(field)
        }
        if path.count == 3, path[0] == .member("channel"),
           case .member(let channel) = path[1], case .member(let name) = path[2],
           let field = WorkerChannelField(keyName: name) {
            return .workerChannelField(channel: channel, field: field)
        }
        return .key(root: .worker, path: path)
    }

    /// `workers.available`, `workers.unavailable` and `workers.<ActivitySid>`.
    private static func counterOperand(_ key: ParsedKey, cursor: TokenCursor) throws(ExpressionError) -> Operand {
        guard key.firstName == "workers", key.components.count == 2, case .member(let name) = key.components[1] else {
            throw cursor.error(
                at: key.startToken,
                "skip_if can only reference workers.available, workers.unavailable and workers.<activity SID>, not '\(key.text)'"
            )
        }
        switch name {
        case "available": return .workerCount(.available)
        case "unavailable": return .workerCount(.unavailable)
        default: return .workerCount(.activity(sid: name))
        }
    }
}
