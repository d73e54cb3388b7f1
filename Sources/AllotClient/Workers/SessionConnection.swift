import Synchronization

/// The connection that a `WorkerSession`'s calls use. It starts as the
/// connection the session was made with. Once the server or the network
/// closed that one, as a server restart does, the next call opens a new
/// connection with the same options, as a reservation stream does when it
/// reconnects. A connection that the application closed stays closed.
///
/// A call that was in flight when its connection closed is not sent again:
/// its outcome is unknown, so the caller decides whether to repeat it.
final class SessionConnection: Sendable {
    private let current: Mutex<AllotConnection>

    init(_ connection: AllotConnection) {
        current = Mutex(connection)
    }

    /// Returns the connection for the next call, connecting again when the
    /// current one was closed by anything but the application.
    func forNextCall() async throws(AllotError) -> AllotConnection {
        let connection = current.withLock { $0 }
        guard connection.isClosed, !connection.wasClosedByClient else { return connection }
        let fresh = try await AllotConnection.connect(connection.options)
        // Two calls may both find the connection closed. The first to store a new one wins,
        // and the other closes its own and uses the winner's.
        let chosen = current.withLock { stored in
            if stored === connection { stored = fresh }
            return stored
        }
        if chosen !== fresh { fresh.close() }
        return chosen
    }
}
