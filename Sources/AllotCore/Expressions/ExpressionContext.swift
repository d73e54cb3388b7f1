/// What an expression evaluates against: the task, the worker, the step
/// queue's counters and the clock.
///
/// Every requirement has a default that returns null or zero, so a context
/// implements only what its expression kind reads: a queue's context needs
/// only `workerAttributes`, a filter's only `taskAttributes` and
/// `nowUnixMilliseconds`. Evaluation is generic over the context, so a
/// concrete context type costs no dynamic dispatch.
public protocol ExpressionContext {
    /// The task's attributes, an object; keys of `taskFilter` expressions and
    /// `task.` keys of `target` expressions are paths into it.
    var taskAttributes: AttributeValue { get }
    /// The worker's attributes, an object; keys of `queueTargetWorkers` and
    /// `workerFilter` expressions and `worker.` keys of `target` expressions
    /// are paths into it.
    var workerAttributes: AttributeValue { get }
    /// Returns a worker system field as a string, or null when unknown.
    func workerSystemField(_ field: WorkerSystemField) -> AttributeValue
    /// Returns a field of the worker's channel named `channel` as a number, or
    /// null when the worker has no such channel.
    func workerChannelField(channel: String, field: WorkerChannelField) -> AttributeValue
    /// Returns the number of step queue members that `selector` counts.
    func workerCount(_ selector: WorkerCountSelector) -> Int
    /// The current instant in milliseconds since the Unix epoch, for `taskrouter.*` keys.
    var nowUnixMilliseconds: Int64 { get }
}

extension ExpressionContext {
    /// No task: every task key resolves to null.
    public var taskAttributes: AttributeValue { .null }
    /// No worker: every worker key resolves to null.
    public var workerAttributes: AttributeValue { .null }
    /// No worker: every system field is null.
    public func workerSystemField(_ field: WorkerSystemField) -> AttributeValue { .null }
    /// No worker: every channel field is null.
    public func workerChannelField(channel: String, field: WorkerChannelField) -> AttributeValue { .null }
    /// No queue: every counter is zero.
    public func workerCount(_ selector: WorkerCountSelector) -> Int { 0 }
    /// The Unix epoch, 1970-01-01T00:00:00Z, a Thursday.
    public var nowUnixMilliseconds: Int64 { 0 }
}
