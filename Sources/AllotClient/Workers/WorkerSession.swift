import AllotWire

/// The agent side of one worker: set its activity, receive the
/// reservations offered to it, accept or reject them, and move accepted
/// tasks to wrapping and completed.
///
/// After the server closed the session's connection, as a restart does,
/// the session's next call connects again with the same options, so a
/// worker whose reservation stream reconnected can accept the offers it
/// yields.
///
/// ```swift
/// let session = WorkerSession(connection: connection, workspaceSID: workspace.sid, workerSID: worker.sid)
/// let offers = try await session.reservations()
/// _ = try await session.setActivity(named: "Available")
/// for try await reservation in offers {
///     _ = try await session.accept(reservation)
///     _ = try await session.complete(reservation)
/// }
/// ```
public struct WorkerSession: Sendable {
    /// The connection the session was made with. Calls go over it until the server or the
    /// network closes it, and then over a new connection with the same options.
    public let connection: AllotConnection
    /// WS SID of the worker's workspace.
    public let workspaceSID: String
    /// WK SID of the worker.
    public let workerSID: String
    private let calls: SessionConnection

    /// Creates a session for an existing worker.
    public init(connection: AllotConnection, workspaceSID: String, workerSID: String) {
        self.connection = connection
        self.workspaceSID = workspaceSID
        self.workerSID = workerSID
        calls = SessionConnection(connection)
    }

    /// Moves the worker to the activity with SID `activitySID`.
    public func setActivity(_ activitySID: String) async throws(AllotError) -> Wire.Worker {
        try await calls.forNextCall().setActivity(of: workerSID, in: workspaceSID, to: activitySID)
    }

    /// Moves the worker to the activity with this friendly name, such as "Available".
    public func setActivity(named friendlyName: String) async throws(AllotError) -> Wire.Worker {
        let activity = try await calls.forNextCall().activity(named: friendlyName, in: workspaceSID)
        return try await setActivity(activity.sid)
    }

    /// Subscribes to the worker's new reservations and returns them as a
    /// stream: first those already pending, then each one routing creates.
    /// Call it before making the worker available, so that no offer is missed.
    public func reservations() async throws(AllotError) -> ReservationStream {
        let connection = try await calls.forNextCall()
        let events = try await connection.reservationEvents(workspace: workspaceSID, worker: workerSID, eventTypes: ["reservation.created"])
        let pending = try await connection.listWorkerReservations(Wire.ListWorkerReservationsRequest(
            workspaceSID: workspaceSID, workerSID: workerSID, reservationStatus: .pending, pageSize: ClientLimits.maximumListedPendingReservations))
        return ReservationStream(workspaceSID: workspaceSID, workerSID: workerSID, events: events, initiallyPending: pending.reservations)
    }

    /// Accepts a pending reservation; its task is assigned to this worker.
    public func accept(_ reservation: Wire.Reservation) async throws(AllotError) -> Wire.Reservation {
        try await calls.forNextCall().acceptReservation(reservation.sid, in: workspaceSID)
    }

    /// Rejects a pending reservation. The worker moves to `activitySID`, or
    /// back to its activity before the reservation when it is empty.
    public func reject(_ reservation: Wire.Reservation, activitySID: String = "") async throws(AllotError) -> Wire.Reservation {
        try await calls.forNextCall().rejectReservation(reservation.sid, in: workspaceSID, activitySID: activitySID)
    }

    /// Moves the reservation's task to wrapping: the main work is done.
    public func wrapUp(_ reservation: Wire.Reservation) async throws(AllotError) -> Wire.Task {
        try await calls.forNextCall().wrapUpTask(reservation.taskSID, in: workspaceSID)
    }

    /// Moves the reservation's task to completed.
    public func complete(_ reservation: Wire.Reservation, reason: String = "") async throws(AllotError) -> Wire.Task {
        try await calls.forNextCall().completeTask(reservation.taskSID, in: workspaceSID, reason: reason)
    }
}
