/// An operand in the form that evaluation reads: where its value comes from.
enum OperandSource: Sendable {
    case constant(AttributeValue)
    case taskAttribute(AttributePath)
    case workerAttribute(AttributePath)
    case contextField(ContextField)

    init(_ operand: Operand) {
        switch operand {
        case .constant(let value): self = .constant(value)
        case .key(root: .task, let path): self = .taskAttribute(AttributePath(path))
        case .key(root: .worker, let path): self = .workerAttribute(AttributePath(path))
        case .workerSystemField(let field): self = .contextField(.workerSystemField(field))
        case .workerChannelField(let channel, let field): self = .contextField(.workerChannelField(channel: channel, field: field))
        case .clock(let field): self = .contextField(.clock(field))
        case .workerCount(let selector): self = .contextField(.workerCount(selector))
        }
    }

    /// Reads the operand's value.
    @inline(__always)
    func value(_ documents: borrowing EvaluationDocuments, _ readField: ContextFieldReader) -> AttributeValue {
        switch self {
        case .constant(let value):
            return value
        case .taskAttribute(let path):
            return path.value(in: documents.task)
        case .workerAttribute(let path):
            return path.value(in: documents.worker)
        case .contextField(let field):
            return readField(field)
        }
    }
}

/// The task's and the worker's attributes, read from the context once per
/// evaluation; a document the program never reads is null.
@usableFromInline
struct EvaluationDocuments {
    @usableFromInline let task: AttributeValue
    @usableFromInline let worker: AttributeValue

    @inlinable
    init(task: AttributeValue, worker: AttributeValue) {
        self.task = task
        self.worker = worker
    }
}
