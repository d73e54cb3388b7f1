/// The order in which a queue offers its pending tasks.
public enum TaskOrder: String, Sendable, Hashable, CaseIterable {
    /// Highest priority first, then oldest `virtual_start_time`.
    case fifo = "FIFO"
    /// Newest first; priority is ignored.
    case lifo = "LIFO"

    /// Parses `FIFO` or `LIFO`, in any case.
    static func parse(_ text: String, field: String) throws(EngineError) -> TaskOrder {
        guard let order = TaskOrder(rawValue: text.uppercased()) else {
            throw .invalidArgument(field: field, message: "\(field) \(EngineError.quoted(text)) is not FIFO or LIFO")
        }
        return order
    }
}
