import AllotWire

/// The reservations offered to one worker, as an `AsyncSequence`: those
/// pending when the stream was made, then each new one, fetched when its
/// "reservation.created" event arrives. A reservation that has already
/// ended by the time it is fetched (timed out, rescinded) is still yielded,
/// with its current status. Reconnection works as in `EventStream`.
///
/// Only "reservation.created" events reach this stream, so after a server
/// restart, which clears the server's events, it cannot resume where it
/// stopped. It then starts over instead of throwing `outOfRange`: it
/// subscribes again and lists the worker's pending reservations, leaving
/// out those it already yielded.
public struct ReservationStream: AsyncSequence {
    /// Each element is one reservation, in the order they were offered.
    public typealias Element = Wire.Reservation

    let workspaceSID: String
    let workerSID: String
    let events: EventStream
    let initiallyPending: [Wire.Reservation]

    /// Returns the iterator.
    public func makeAsyncIterator() -> Iterator {
        Iterator(workspaceSID: workspaceSID, workerSID: workerSID, events: events.makeAsyncIterator(),
                 queued: initiallyPending[...], yielded: RecentReservations(initiallyPending.map(\.sid)))
    }

    /// Iterates a `ReservationStream`.
    public struct Iterator: AsyncIteratorProtocol {
        let workspaceSID: String
        let workerSID: String
        var events: EventStream.Iterator
        var queued: ArraySlice<Wire.Reservation>
        /// Reservations already listed or yielded, which events and later lists must not repeat.
        var yielded: RecentReservations
        /// Restarts since the stream last yielded a reservation.
        var restarts = 0

        /// Returns the next reservation; nil once the connection was closed by the client.
        ///
        /// - Throws: `AllotError`, as `EventStream.Iterator.next()` does, or
        ///   when fetching the reservation fails. `outOfRange` only after
        ///   `ClientLimits.maximumReservationStreamRestarts` restarts in a row.
        public mutating func next() async throws -> Wire.Reservation? {
            while true {
                if let reservation = queued.popFirst() {
                    restarts = 0
                    return reservation
                }
                let event: Wire.Event
                do {
                    guard let next = try await events.next() else { return nil }
                    event = next
                } catch let error as AllotError where error.code == .outOfRange && restarts < ClientLimits.maximumReservationStreamRestarts {
                    restarts += 1
                    try await startOver()
                    continue
                }
                guard event.eventType == "reservation.created", !event.reservationSID.isEmpty,
                      !yielded.contains(event.reservationSID) else { continue }
                yielded.insert(event.reservationSID)
                restarts = 0
                return try await events.connection.fetchReservation(
                    Wire.FetchReservationRequest(workspaceSID: workspaceSID, reservationSID: event.reservationSID))
            }
        }

        /// Subscribes again from the newest event and queues the pending
        /// reservations not yielded yet, on the connection the stream uses now.
        private mutating func startOver() async throws(AllotError) {
            let connection = events.connection
            let stream = try await connection.reservationEvents(workspace: workspaceSID, worker: workerSID,
                                                                eventTypes: ["reservation.created"])
            let pending = try await connection.listWorkerReservations(Wire.ListWorkerReservationsRequest(
                workspaceSID: workspaceSID, workerSID: workerSID, reservationStatus: .pending,
                pageSize: ClientLimits.maximumListedPendingReservations))
            events = stream.makeAsyncIterator()
            let fresh = pending.reservations.filter { !yielded.contains($0.sid) }
            for reservation in fresh { yielded.insert(reservation.sid) }
            queued = fresh[...]
        }
    }
}

/// The SIDs of the reservations a stream yielded most recently, at most
/// `ClientLimits.maximumListedPendingReservations` of them: as many as one
/// list of pending reservations returns, so a list after a restart never
/// repeats one the stream yielded.
struct RecentReservations: Sendable {
    private var order: [String] = []
    private var members: Set<String> = []
    private var oldest = 0

    init(_ sids: [String]) {
        for sid in sids { insert(sid) }
    }

    func contains(_ sid: String) -> Bool { members.contains(sid) }

    mutating func insert(_ sid: String) {
        guard members.insert(sid).inserted else { return }
        order.append(sid)
        if order.count - oldest > Int(ClientLimits.maximumListedPendingReservations) {
            members.remove(order[oldest])
            oldest += 1
            // Drop the removed prefix once it is half of the array, so that it stays bounded.
            if oldest * 2 >= order.count {
                order.removeFirst(oldest)
                oldest = 0
            }
        }
    }
}
