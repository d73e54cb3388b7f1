import AllotWire

extension IOThread {
    /// Queues the Hello deadline of a connection just adopted. Deadlines are
    /// queued in the order connections arrive, so the earliest is always first.
    func armHelloDeadline(_ connection: Connection) {
        helloDeadlines.append((connection.id, .now + .seconds(configuration.helloTimeoutSeconds)))
    }

    /// Drops the entries of connections no longer waiting for Hello from the
    /// front of the queue, and returns the earliest deadline left.
    func nextHelloDeadline() -> ContinuousClock.Instant? {
        dropSettledHelloDeadlines()
        return helloDeadline(at: helloDeadlineHead)
    }

    /// Tells each connection that has not sent Hello by its deadline why it
    /// is closed, and closes it.
    ///
    /// - Complexity: O(1) amortised per connection accepted.
    func closeConnectionsWithoutHello() {
        let now = ContinuousClock.now
        while let deadline = nextHelloDeadline(), deadline <= now {
            let id = helloDeadlines[helloDeadlineHead].connectionID
            helloDeadlineHead += 1
            guard let connection = connections[id] else { continue }
            logger.warning("no hello before the deadline", ("connection.id", "\(id)"), ("connection.peer", connection.peer),
                           ("timeout_seconds", "\(configuration.helloTimeoutSeconds)"))
            let message = "no hello arrived within \(configuration.helloTimeoutSeconds) s of connecting; send hello with the account's credentials as the first frame"
            beginClose(connection, reason: "no hello before the deadline", status: Wire.Status(code: .unauthenticated, message: message))
        }
        compactHelloDeadlines()
    }

    private func helloDeadline(at index: Int) -> ContinuousClock.Instant? {
        index < helloDeadlines.count ? helloDeadlines[index].deadline : nil
    }

    /// Drops leading entries whose connection is gone, authenticated or closing.
    private func dropSettledHelloDeadlines() {
        while helloDeadlineHead < helloDeadlines.count {
            let id = helloDeadlines[helloDeadlineHead].connectionID
            if let connection = connections[id], connection.handle == nil, !connection.isClosing { return }
            helloDeadlineHead += 1
        }
    }

    /// Removes consumed entries once they are at least half of the queue.
    private func compactHelloDeadlines() {
        if helloDeadlineHead == helloDeadlines.count {
            helloDeadlines.removeAll(keepingCapacity: true)
            helloDeadlineHead = 0
        } else if helloDeadlineHead >= helloDeadlines.count / 2 {
            helloDeadlines.removeSubrange(0..<helloDeadlineHead)
            helloDeadlineHead = 0
        }
    }
}
