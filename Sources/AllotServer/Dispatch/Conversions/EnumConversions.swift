import AllotCore
import AllotWire

// Wire enumerations and the engine's names for the same values. Values the
// engine does not know pass through as text, so that the engine rejects
// them with a message naming the value.

extension Wire.QueueOrder {
    init(_ order: TaskOrder) {
        switch order {
        case .fifo: self = .fifo
        case .lifo: self = .lifo
        }
    }

    /// The engine's name, or nil for UNSPECIFIED, which takes the default.
    var engineText: String? {
        switch self {
        case .unspecified: nil
        case .fifo: TaskOrder.fifo.rawValue
        case .lifo: TaskOrder.lifo.rawValue
        case .unrecognized(let value): "\(value)"
        }
    }
}

extension Wire.WorkspaceTemplate {
    /// The engine's name, or nil for UNSPECIFIED, which means NONE.
    var engineText: String? {
        switch self {
        case .unspecified: nil
        case .none: "NONE"
        case .fifo: "FIFO"
        case .unrecognized(let value): "\(value)"
        }
    }
}

extension Wire.AssignmentStatus {
    init(_ status: TaskStatus) {
        switch status {
        case .pending: self = .pending
        case .reserved: self = .reserved
        case .assigned: self = .assigned
        case .canceled: self = .canceled
        case .completed: self = .completed
        case .wrapping: self = .wrapping
        }
    }

    /// The engine's name. UNSPECIFIED passes by its .proto name, which the
    /// engine rejects.
    var engineText: String {
        switch self {
        case .unspecified: name
        case .pending: TaskStatus.pending.rawValue
        case .reserved: TaskStatus.reserved.rawValue
        case .assigned: TaskStatus.assigned.rawValue
        case .canceled: TaskStatus.canceled.rawValue
        case .completed: TaskStatus.completed.rawValue
        case .wrapping: TaskStatus.wrapping.rawValue
        case .unrecognized(let value): "\(value)"
        }
    }
}

extension Wire.ReservationStatus {
    init(_ status: ReservationStatus) {
        switch status {
        case .pending: self = .pending
        case .accepted: self = .accepted
        case .rejected: self = .rejected
        case .timeout: self = .timeout
        case .canceled: self = .canceled
        case .rescinded: self = .rescinded
        case .wrapping: self = .wrapping
        case .completed: self = .completed
        }
    }

    /// The engine's name, or nil for UNSPECIFIED, which list filters read
    /// as "any status" and updates reject as missing.
    var engineText: String? {
        switch self {
        case .unspecified: nil
        case .pending: ReservationStatus.pending.rawValue
        case .accepted: ReservationStatus.accepted.rawValue
        case .rejected: ReservationStatus.rejected.rawValue
        case .timeout: ReservationStatus.timeout.rawValue
        case .canceled: ReservationStatus.canceled.rawValue
        case .rescinded: ReservationStatus.rescinded.rawValue
        case .wrapping: ReservationStatus.wrapping.rawValue
        case .completed: ReservationStatus.completed.rawValue
        case .unrecognized(let value): "\(value)"
        }
    }
}
