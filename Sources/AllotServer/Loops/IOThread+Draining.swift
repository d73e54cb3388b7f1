import Glibc

extension IOThread {
    /// Shuts down the sending side of a connection whose output is all queued,
    /// and keeps the socket open, discarding input, until the peer has
    /// acknowledged the output. Closing at once while input is unread would
    /// make the kernel reset the connection and drop the output it still holds.
    func beginDraining(_ connection: Connection, reason: String) {
        // A peer that closed its side, or a failed send, leaves nothing to wait for.
        guard !connection.peerClosed else {
            close(connection, reason: reason)
            return
        }
        do {
            try SystemCall.shutdownWrite(connection.fd)
        } catch {
            close(connection, reason: reason)
            return
        }
        let drainDeadline = ContinuousClock.now + .milliseconds(ServerLimits.closingDrainMilliseconds)
        let deadline = min(drainDeadline, stopDeadline ?? drainDeadline)
        connection.state = .draining(reason: reason, deadline: deadline)
        closingConnections[connection.id] = connection
        discardInput(connection, hungUp: false)
        guard connections[connection.id] != nil else { return }
        closeIfDrained(connection, reason: reason, deadline: deadline, now: .now)
        guard connections[connection.id] != nil else { return }
        markForService(connection)
    }

    /// Reads and drops what a draining connection's peer sent, and closes the
    /// connection once the peer has closed its side or the connection failed.
    func discardInput(_ connection: Connection, hungUp: Bool) {
        guard let reason = connection.closingReason else { return }
        if hungUp {
            close(connection, reason: reason)
            return
        }
        let result = SystemCall.discardInput(connection.fd, into: readBuffer, maximumReads: ServerLimits.maximumDrainReadsPerWakeup)
        if result == .ended {
            close(connection, reason: reason)
        }
    }

    /// Closes a draining connection once the peer has acknowledged all of
    /// its output, or once `deadline` has passed.
    func closeIfDrained(_ connection: Connection, reason: String, deadline: ContinuousClock.Instant, now: ContinuousClock.Instant) {
        if now >= deadline {
            close(connection, reason: "\(reason); the peer did not acknowledge the last output before the deadline")
            return
        }
        let unacknowledged: Int
        do {
            unacknowledged = try SystemCall.unacknowledgedOutputBytes(connection.fd)
        } catch {
            close(connection, reason: reason)
            return
        }
        if unacknowledged == 0 {
            close(connection, reason: reason)
        }
    }
}
