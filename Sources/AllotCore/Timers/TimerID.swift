/// A timer's owner and purpose. Each owner has at most one timer of each kind.
enum TimerID: Hashable, Sendable {
    /// A pending or reserved task reaches its time to live.
    case taskTimeToLive(TaskHandle)
    /// A task's current routing step reaches its cumulative deadline.
    case stepTimeout(TaskHandle)
    /// An assigned or wrapping task reaches the assigned-task lifetime.
    case assignedLifetime(TaskHandle)
    /// A finished task reaches the end of its retention.
    case retention(TaskHandle)
    /// A pending reservation reaches the workflow's reservation timeout.
    case reservationTimeout(ReservationHandle)
    /// The next UTC minute starts while tasks wait under a routing document
    /// that reads the clock; at most one per workspace.
    case clockMinute
}

/// A timer's place in the deadline order: deadline, then arming order.
struct TimerKey: Comparable, Hashable, Sendable {
    var deadline: Timestamp
    var sequence: Int64

    static func < (lhs: TimerKey, rhs: TimerKey) -> Bool {
        (lhs.deadline, lhs.sequence) < (rhs.deadline, rhs.sequence)
    }
}
