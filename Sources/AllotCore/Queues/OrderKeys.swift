/// The position of a pending task in a queue: smaller keys are offered first.
///
/// FIFO queues order by priority descending, then `virtual_start_time`
/// ascending, then creation order. LIFO queues ignore priority and order by
/// `virtual_start_time` descending, then creation order descending.
struct TaskOrderKey: Comparable, Hashable, Sendable {
    var primary: Int64
    var secondary: Int64
    var tertiary: Int64

    static func fifo(priority: Int, virtualStartTime: Timestamp, sequence: Int64) -> TaskOrderKey {
        TaskOrderKey(primary: -Int64(priority), secondary: virtualStartTime.unixMilliseconds, tertiary: sequence)
    }

    static func lifo(virtualStartTime: Timestamp, sequence: Int64) -> TaskOrderKey {
        TaskOrderKey(primary: 0, secondary: virtualStartTime.unixMilliseconds.saturatingNegation, tertiary: sequence.saturatingNegation)
    }

    static func < (lhs: TaskOrderKey, rhs: TaskOrderKey) -> Bool {
        (lhs.primary, lhs.secondary, lhs.tertiary) < (rhs.primary, rhs.secondary, rhs.tertiary)
    }
}

/// The position of a ready worker in a queue: smaller keys are reserved first.
///
/// `ticket` orders by the time of the worker's last reservation or
/// assignment: the engine hands out increasing tickets as reservations are
/// made, which follows wall-clock order. Workers never reserved get a ticket
/// below every issued one, in creation order, so they come first.
struct WorkerIdleKey: Comparable, Hashable, Sendable {
    var ticket: Int64
    var sequence: Int64

    static func < (lhs: WorkerIdleKey, rhs: WorkerIdleKey) -> Bool {
        (lhs.ticket, lhs.sequence) < (rhs.ticket, rhs.sequence)
    }
}

/// The age order of waiting tasks, for "longest waiting" statistics.
struct TaskAgeKey: Comparable, Hashable, Sendable {
    var since: Timestamp
    var sequence: Int64

    static func < (lhs: TaskAgeKey, rhs: TaskAgeKey) -> Bool {
        (lhs.since, lhs.sequence) < (rhs.since, rhs.sequence)
    }
}
