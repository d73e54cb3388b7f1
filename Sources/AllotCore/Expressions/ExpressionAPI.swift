// PLANNED API of the expression language. The expression work replaces this
// file with the real implementation, keeping these public names and shapes;
// the engine codes against them.

/// Where an expression is used, which decides the keys it may reference.
public enum ExpressionKind: Sendable, Hashable {
    /// A queue's `target_workers`: bare keys resolve against worker attributes.
    case queueTargetWorkers
    /// The `TargetWorkersExpression` list filter: worker attributes, then the
    /// system fields `sid`, `friendly_name`, `activity_sid`, `activity_name`.
    case workerFilter
    /// A workflow filter or `EvaluateTaskAttributes`: bare keys resolve
    /// against task attributes; `taskrouter.*` reads the clock.
    case taskFilter
    /// A workflow target's `expression`: keys start with `task.` or
    /// `worker.`; `taskrouter.*` reads the clock.
    case target
    /// A workflow target's `skip_if`: only `workers.*` counters.
    case skipIf
}

/// Worker fields that expressions can read besides the attributes.
public enum WorkerSystemField: Sendable, Hashable {
    case sid, friendlyName, activitySid, activityName
}

/// Per-channel worker fields, read as `worker.channel.<unique_name>.<field>`.
public enum WorkerChannelField: Sendable, Hashable {
    case configuredCapacity, assignedTasks, availableCapacityPercentage
}

/// The `workers.*` counters of `skip_if`, over the step queue's members.
public enum WorkerCountSelector: Sendable, Hashable {
    case available, unavailable
    case activity(sid: String)
}

/// What an expression evaluates against. Every requirement has a default
/// that returns null or zero, so a context implements only what its
/// expression kind reads.
public protocol ExpressionContext {
    var taskAttributes: AttributeValue { get }
    var workerAttributes: AttributeValue { get }
    func workerSystemField(_ field: WorkerSystemField) -> AttributeValue
    func workerChannelField(channel: String, field: WorkerChannelField) -> AttributeValue
    func workerCount(_ selector: WorkerCountSelector) -> Int
    /// Milliseconds since the Unix epoch, for `taskrouter.*` keys.
    var nowUnixMilliseconds: Int64 { get }
}

/// Which document a key is looked up in.
public enum KeyRoot: Sendable, Hashable {
    case task, worker
}

/// One step of a key path: a member name or an array index.
public enum PathComponent: Sendable, Hashable {
    case member(String)
    case index(Int)
}

/// An operand of a comparison, after compilation.
public enum Operand: Sendable, Hashable {
    case constant(AttributeValue)
    /// A key into the task or worker attributes.
    case key(root: KeyRoot, path: [PathComponent])
    case workerSystemField(WorkerSystemField)
    case workerChannelField(channel: String, field: WorkerChannelField)
    case clock(ClockField)
    case workerCount(WorkerCountSelector)
}

/// The `taskrouter.*` time keys, in UTC.
public enum ClockField: Sendable, Hashable {
    /// `currentTime`: hours × 100 + minutes, a number.
    case currentTime
    /// `currentHour`: "HH", a string that compares numerically with numbers.
    case currentHour
    /// `currentMin`: the minute, a number.
    case currentMinute
    /// `dayOfWeek`: "Mon" … "Sun".
    case dayOfWeek
}

/// The comparison operators, after aliases are resolved.
public enum ComparisonOperator: Sendable, Hashable {
    case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
    case contains, has, `in`, notIn
}

/// A compiled expression tree. The engine reads it to choose an index.
public indirect enum ExpressionNode: Sendable, Hashable {
    case and([ExpressionNode])
    case or([ExpressionNode])
    case comparison(Operand, ComparisonOperator, Operand)
    /// The empty expression, which matches nothing.
    case never
}

/// A parse or validation error, naming the column, the token and what was expected.
public struct ExpressionError: Error, Sendable, Hashable {
    /// One-based column in UTF-8 bytes... (the implementation defines the unit).
    public var column: Int
    public var message: String
}

/// A compiled routing expression.
public struct Expression: Sendable, Hashable {
    public let source: String
    public let kind: ExpressionKind
    public let root: ExpressionNode

    public init(_ source: String, kind: ExpressionKind) throws(ExpressionError) {
        fatalError("not implemented yet")
    }

    public func evaluate<Context: ExpressionContext>(in context: Context) -> Bool {
        fatalError("not implemented yet")
    }
}

/// One clause of `order_by`: an integer worker attribute and a direction.
public struct OrderClause: Sendable, Hashable {
    public var path: [PathComponent]
    public var descending: Bool
}

/// A compiled `order_by` list such as `worker.a DESC, worker.b ASC`.
public struct WorkerOrdering: Sendable, Hashable {
    public let clauses: [OrderClause]
    public init(_ source: String) throws(ExpressionError) {
        fatalError("not implemented yet")
    }
}
