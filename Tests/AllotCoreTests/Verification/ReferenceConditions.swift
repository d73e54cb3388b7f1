/// The restricted expression language of the model-based test: each case is
/// rendered to TaskRouter's text for the engine and evaluated here by the
/// documented rules, without the engine's parser, compiler or index.

/// One attribute value of a generated document. Documents hold only these
/// shapes, so the rules needed are few: a string equals a string, `HAS`
/// needs an array on the left, `IN` a single value on the left.
enum ReferenceValue: Equatable, CustomStringConvertible {
    case string(String)
    case strings([String])
    case number(Int)

    var json: String {
        switch self {
        case .string(let text): "\"\(text)\""
        case .strings(let items): "[" + items.map { "\"\($0)\"" }.joined(separator: ",") + "]"
        case .number(let value): "\(value)"
        }
    }

    var description: String { json }
}

/// A flat JSON object of generated attributes, kept in key order.
struct ReferenceAttributes: Equatable, CustomStringConvertible {
    var members: [(key: String, value: ReferenceValue)] = []

    subscript(key: String) -> ReferenceValue? {
        members.first { $0.key == key }?.value
    }

    var json: String {
        "{" + members.map { "\"\($0.key)\":\($0.value.json)" }.joined(separator: ",") + "}"
    }

    var description: String { json }

    static func == (lhs: ReferenceAttributes, rhs: ReferenceAttributes) -> Bool {
        lhs.json == rhs.json
    }
}

/// A condition on one document: a queue's `target_workers` over a worker's
/// attributes, or a workflow filter over a task's attributes.
indirect enum DocumentCondition: CustomStringConvertible {
    /// `1==1`.
    case always
    /// `key HAS 'value'`.
    case has(String, String)
    /// `key == 'value'`.
    case equals(String, String)
    /// `key == number`.
    case equalsNumber(String, Int)
    /// `key IN ['a', 'b']`.
    case isIn(String, [String])
    case and(DocumentCondition, DocumentCondition)
    case or(DocumentCondition, DocumentCondition)

    var description: String {
        switch self {
        case .always: "1==1"
        case .has(let key, let value): "\(key) HAS '\(value)'"
        case .equals(let key, let value): "\(key) == '\(value)'"
        case .equalsNumber(let key, let value): "\(key) == \(value)"
        case .isIn(let key, let values): "\(key) IN [" + values.map { "'\($0)'" }.joined(separator: ", ") + "]"
        case .and(let left, let right): "(\(left)) AND (\(right))"
        case .or(let left, let right): "(\(left)) OR (\(right))"
        }
    }

    func isTrue(for document: ReferenceAttributes) -> Bool {
        switch self {
        case .always:
            return true
        case .has(let key, let value):
            guard case .strings(let items)? = document[key] else { return false }
            return items.contains(value)
        case .equals(let key, let value):
            guard case .string(let text)? = document[key] else { return false }
            return text == value
        case .equalsNumber(let key, let value):
            guard case .number(let number)? = document[key] else { return false }
            return number == value
        case .isIn(let key, let values):
            guard case .string(let text)? = document[key] else { return false }
            return values.contains(text)
        case .and(let left, let right):
            return left.isTrue(for: document) && right.isTrue(for: document)
        case .or(let left, let right):
            return left.isTrue(for: document) || right.isTrue(for: document)
        }
    }
}

/// A workflow target's `expression` over one task and one worker.
indirect enum TargetCondition: CustomStringConvertible {
    /// `1==0`: no worker, as delay steps use.
    case never
    /// `task.<taskKey> IN worker.<workerKey>`.
    case taskValueInWorkerList(task: String, worker: String)
    /// `worker.<workerKey> HAS task.<taskKey>`.
    case workerListHasTaskValue(worker: String, task: String)
    /// `task.<taskKey> == worker.<workerKey>`.
    case taskEqualsWorker(task: String, worker: String)
    /// `worker.<key> == 'value'`.
    case workerEquals(String, String)
    /// `worker.channel.<channel>.assigned_tasks == 0`.
    case channelIdle(String)
    case and(TargetCondition, TargetCondition)
    case or(TargetCondition, TargetCondition)

    var description: String {
        switch self {
        case .never: "1==0"
        case .taskValueInWorkerList(let task, let worker): "task.\(task) IN worker.\(worker)"
        case .workerListHasTaskValue(let worker, let task): "worker.\(worker) HAS task.\(task)"
        case .taskEqualsWorker(let task, let worker): "task.\(task) == worker.\(worker)"
        case .workerEquals(let key, let value): "worker.\(key) == '\(value)'"
        case .channelIdle(let channel): "worker.channel.\(channel).assigned_tasks == 0"
        case .and(let left, let right): "(\(left)) AND (\(right))"
        case .or(let left, let right): "(\(left)) OR (\(right))"
        }
    }

    /// Returns whether the condition is true. `assignedTasks` returns the number of the
    /// worker's accepted or wrapping tasks on a channel, by unique name.
    func isTrue(task: ReferenceAttributes, worker: ReferenceAttributes, assignedTasks: (String) -> Int) -> Bool {
        switch self {
        case .never:
            return false
        case .taskValueInWorkerList(let taskKey, let workerKey), .workerListHasTaskValue(let workerKey, let taskKey):
            guard case .strings(let items)? = worker[workerKey] else { return false }
            switch task[taskKey] {
            case .string(let text)?: return items.contains(text)
            default: return false
            }
        case .taskEqualsWorker(let taskKey, let workerKey):
            switch (task[taskKey], worker[workerKey]) {
            case (.string(let left)?, .string(let right)?): return left == right
            case (.number(let left)?, .number(let right)?): return left == right
            // Two missing keys are both null, and `==` between two keys is
            // false when either is null.
            default: return false
            }
        case .workerEquals(let key, let value):
            guard case .string(let text)? = worker[key] else { return false }
            return text == value
        case .channelIdle(let channel):
            return assignedTasks(channel) == 0
        case .and(let left, let right):
            return left.isTrue(task: task, worker: worker, assignedTasks: assignedTasks)
                && right.isTrue(task: task, worker: worker, assignedTasks: assignedTasks)
        case .or(let left, let right):
            return left.isTrue(task: task, worker: worker, assignedTasks: assignedTasks)
                || right.isTrue(task: task, worker: worker, assignedTasks: assignedTasks)
        }
    }
}

/// A target's `skip_if` over the step queue's member counts.
enum SkipCondition: CustomStringConvertible {
    /// `1==1`: skip whenever no reservation was made on entering the step.
    case always
    /// `workers.available == 0`.
    case noMemberAvailable

    var description: String {
        switch self {
        case .always: "1==1"
        case .noMemberAvailable: "workers.available == 0"
        }
    }
}
