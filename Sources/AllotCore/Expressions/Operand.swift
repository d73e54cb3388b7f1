/// Which attributes document a key is looked up in.
public enum KeyRoot: Sendable, Hashable {
    /// The task's attributes.
    case task
    /// The worker's attributes.
    case worker
}

/// One step of a key path: a member name or a zero-based array index.
public enum PathComponent: Sendable, Hashable {
    /// The member of an object with this name.
    case member(String)
    /// The element of an array at this zero-based index.
    case index(Int)
}

/// An operand of a comparison, after the key has been resolved for the
/// expression's kind.
public enum Operand: Sendable, Hashable {
    /// A literal value: a string, a number, a boolean, null or an array of those.
    case constant(AttributeValue)
    /// A path into the task's or the worker's attributes. The path excludes
    /// the `task.` or `worker.` prefix of a target expression.
    case key(root: KeyRoot, path: [PathComponent])
    /// A worker system field such as `worker.sid`.
    case workerSystemField(WorkerSystemField)
    /// A per-channel worker field such as `worker.channel.voice.assigned_tasks`.
    case workerChannelField(channel: String, field: WorkerChannelField)
    /// A `taskrouter.*` time key.
    case clock(ClockField)
    /// A `workers.*` counter of `skip_if`.
    case workerCount(WorkerCountSelector)

    /// Whether the operand is a literal, known before evaluation.
    public var isConstant: Bool {
        if case .constant = self { return true }
        return false
    }
}
