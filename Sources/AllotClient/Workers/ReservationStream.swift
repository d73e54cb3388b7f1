import AllotWire

/// The reservations offered to one worker, as an `AsyncSequence`: those
/// pending when the stream was made, then each new one, fetched when its
/// "reservation.created" event arrives. A reservation that has already
/// ended by the time it is fetched (timed out, rescinded) is still yielded,
/// with its current status. Reconnection works as in `EventStream`.
public struct ReservationStream: AsyncSequence {
    /// Each element is one reservation, in the order they were offered.
    public typealias Element = Wire.Reservation

    let connection: AllotConnection
    let workspaceSID: String
    let events: EventStream
    let initiallyPending: [Wire.Reservation]

    /// Returns the iterator.
    public func makeAsyncIterator() -> Iterator {
        Iterator(connection: connection, workspaceSID: workspaceSID, events: events.makeAsyncIterator(),
                 queued: initiallyPending[...], seen: Set(initiallyPending.map(\.sid)))
    }

    /// Iterates a `ReservationStream`.
    public struct Iterator: AsyncIteratorProtocol {
        let connection: AllotConnection
        let workspaceSID: String
        var events: EventStream.Iterator
        var queued: ArraySlice<Wire.Reservation>
        /// SIDs of the reservations listed at the start, which their events must not repeat.
        let seen: Set<String>

        /// Returns the next reservation; nil once the connection was closed by the client.
        ///
        /// - Throws: `AllotError`, as `EventStream.Iterator.next()` does, or
        ///   when fetching the reservation fails.
        public mutating func next() async throws -> Wire.Reservation? {
            if let reservation = queued.popFirst() { return reservation }
            while let event = try await events.next() {
                guard event.eventType == "reservation.created", !event.reservationSID.isEmpty, !seen.contains(event.reservationSID) else { continue }
                return try await connection.fetchReservation(Wire.FetchReservationRequest(workspaceSID: workspaceSID, reservationSID: event.reservationSID))
            }
            return nil
        }
    }
}
