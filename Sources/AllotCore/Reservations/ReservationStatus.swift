/// A reservation's `reservation_status`.
public enum ReservationStatus: String, Sendable, Hashable, CaseIterable {
    case pending, accepted, rejected, timeout, canceled, rescinded, wrapping, completed

    /// Pending, accepted and wrapping reservations hold one unit of the
    /// worker's capacity on the task's channel.
    public var holdsCapacity: Bool { self == .pending || self == .accepted || self == .wrapping }

    /// The statuses by raw value, matched in any letter case.
    static let namesInAnyCase = LowercaseNames(allCases.map { ($0.rawValue, $0) })

    /// The statuses that the `Instruction` parameter names, matched in any letter case.
    static let instructionsInAnyCase = LowercaseNames([("accept", ReservationStatus.accepted), ("reject", .rejected)])
}
