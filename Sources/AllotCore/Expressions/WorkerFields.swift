/// A worker field that expressions can read besides the attributes.
public enum WorkerSystemField: Sendable, Hashable, CaseIterable {
    /// `sid`: the worker's SID.
    case sid
    /// `friendly_name`: the worker's friendly name.
    case friendlyName
    /// `activity_sid`: the SID of the worker's current activity.
    case activitySid
    /// `activity_name`: the friendly name of the worker's current activity.
    case activityName

    /// The key that names this field in expressions.
    public var keyName: String {
        switch self {
        case .sid: "sid"
        case .friendlyName: "friendly_name"
        case .activitySid: "activity_sid"
        case .activityName: "activity_name"
        }
    }

    /// Returns the field that `keyName` names, or nil for any other name.
    public init?(keyName: String) {
        guard let field = Self.allCases.first(where: { $0.keyName == keyName }) else { return nil }
        self = field
    }
}

/// A per-channel worker field, read as `worker.channel.<unique_name>.<field>`.
public enum WorkerChannelField: Sendable, Hashable, CaseIterable {
    /// `configured_capacity`: how many tasks of the channel the worker may hold at once.
    case configuredCapacity
    /// `assigned_tasks`: accepted tasks of the channel that the worker holds.
    case assignedTasks
    /// `available_capacity_percentage`: floor((1 − active reservations /
    /// configured capacity) × 100), and 0 when the configured capacity is 0.
    case availableCapacityPercentage

    /// The key segment that names this field in expressions.
    public var keyName: String {
        switch self {
        case .configuredCapacity: "configured_capacity"
        case .assignedTasks: "assigned_tasks"
        case .availableCapacityPercentage: "available_capacity_percentage"
        }
    }

    /// Returns the field that `keyName` names, or nil for any other name.
    public init?(keyName: String) {
        guard let field = Self.allCases.first(where: { $0.keyName == keyName }) else { return nil }
        self = field
    }

    /// Computes `available_capacity_percentage` from a channel's counts, so
    /// that every context uses the same formula.
    ///
    /// Returns 0 when `configuredCapacity` is 0 or less, and never less than 0
    /// when more reservations are active than the capacity allows.
    public static func availableCapacityPercentage(configuredCapacity: Int, activeReservations: Int) -> Int {
        guard configuredCapacity > 0 else { return 0 }
        let free = max(0, configuredCapacity - min(activeReservations, configuredCapacity))
        // Integer division floors for non-negative operands: floor(free / capacity × 100).
        return free * 100 / configuredCapacity
    }
}

/// A `workers.*` counter of `skip_if`, counted over the step queue's members.
public enum WorkerCountSelector: Sendable, Hashable {
    /// `workers.available`: members whose activity is an available one.
    case available
    /// `workers.unavailable`: members whose activity is an unavailable one.
    case unavailable
    /// `workers.<ActivitySid>`: members whose current activity has this SID.
    case activity(sid: String)
}
