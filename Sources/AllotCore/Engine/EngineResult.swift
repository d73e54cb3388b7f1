/// The result of an engine operation and the events it produced, in order.
public struct EngineResult<Value: Sendable>: Sendable {
    public var value: Value
    /// Every event the operation appended, including those of timers that
    /// came due before it ran. Check `isDelivered` before pushing to subscribers.
    public var events: [EngineEvent]
}
