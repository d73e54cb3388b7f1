/// A value that evaluation reads from the context through a protocol
/// requirement, as opposed to the two attribute documents, which it reads
/// once per evaluation.
///
/// Reading these goes through a closure that the inlinable
/// `Expression.evaluate(in:)` builds around the caller's context, so that the
/// evaluator itself is not generic and each caller's module still reads its
/// own context type without dynamic dispatch.
@usableFromInline
enum ContextField: Sendable {
    case workerSystemField(WorkerSystemField)
    case workerChannelField(channel: String, field: WorkerChannelField)
    case clock(ClockField)
    case workerCount(WorkerCountSelector)

    /// Reads the field from `context`.
    @inlinable
    func value<Context: ExpressionContext>(in context: Context) -> AttributeValue {
        switch self {
        case .workerSystemField(let field):
            return context.workerSystemField(field)
        case .workerChannelField(let channel, let field):
            return context.workerChannelField(channel: channel, field: field)
        case .clock(let field):
            return field.value(atUnixMilliseconds: context.nowUnixMilliseconds)
        case .workerCount(let selector):
            return .number(Double(context.workerCount(selector)))
        }
    }
}

/// Reads a `ContextField` from the caller's context.
@usableFromInline
typealias ContextFieldReader = (ContextField) -> AttributeValue
