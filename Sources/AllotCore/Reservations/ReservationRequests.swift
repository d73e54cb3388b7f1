/// Parameters of updating a reservation.
public struct UpdateReservationRequest: Sendable, Hashable {
    /// `accepted`, `rejected`, `wrapping` or `completed`.
    public var reservationStatus: String?
    /// `accept` or `reject`, the assignment-callback form of the same change.
    public var instruction: String?
    /// With `rejected`: the activity to move the worker to. Defaults to the
    /// worker's activity before the reservation.
    public var workerActivitySid: String?
    /// `If-Match`: the version the caller last saw.
    public var expectedVersion: UInt64?

    public init(reservationStatus: String? = nil, instruction: String? = nil, workerActivitySid: String? = nil,
                expectedVersion: UInt64? = nil) {
        self.reservationStatus = reservationStatus
        self.instruction = instruction
        self.workerActivitySid = workerActivitySid
        self.expectedVersion = expectedVersion
    }
}
