/// A reservation's `reservation_status`.
public enum ReservationStatus: String, Sendable, Hashable, CaseIterable {
    case pending, accepted, rejected, timeout, canceled, rescinded, wrapping, completed

    /// Pending, accepted and wrapping reservations hold one unit of the
    /// worker's capacity on the task's channel.
    public var holdsCapacity: Bool { self == .pending || self == .accepted || self == .wrapping }
}
