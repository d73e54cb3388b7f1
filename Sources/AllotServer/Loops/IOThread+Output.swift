import AllotWire
import CEpoll
import Glibc

extension IOThread {
    /// Flushes, re-registers or closes every connection marked during this
    /// pass, with one send per connection where the socket takes it all.
    func servicePending() {
        // Servicing can mark connections again, such as when a resumed
        // connection runs frames it had buffered; those wait for the next pass.
        let list = serviceList
        serviceList.removeAll(keepingCapacity: true)
        for connection in list {
            connection.needsService = false
            guard connections[connection.id] != nil else { continue }
            service(connection)
        }
    }

    private func service(_ connection: Connection) {
        movePendingPushes(connection)
        flush(connection)
        if connection.inputPaused && connection.pendingOutputBytes <= configuration.maximumOutputBytes / 2 {
            connection.inputPaused = false
            processFrames(connection)
            movePendingPushes(connection)
            flush(connection)
        }
        if connection.isReadyToClose, case .closing(let reason, _) = connection.state {
            beginDraining(connection, reason: reason)
            return
        }
        updateRegistration(connection)
    }

    /// Frames pushed payloads into the output while it is under the limit.
    private func movePendingPushes(_ connection: Connection) {
        guard connection.pendingPushHead < connection.pendingPushes.count else { return }
        var moved = 0
        while connection.pendingPushHead < connection.pendingPushes.count
            && connection.pendingOutputBytes <= configuration.maximumOutputBytes {
            let payload = connection.pendingPushes[connection.pendingPushHead]
            connection.pendingPushHead += 1
            moved += 1
            do {
                try connection.enqueueFrame(payload: payload, isReply: false)
            } catch {
                logger.error("framing a pushed event failed", ("connection.id", "\(connection.id)"), ("error", error.description))
                localMetrics.eventsDropped += 1
            }
        }
        connection.handle?.queuedPushes.subtract(moved, ordering: .relaxed)
        if connection.pendingPushHead == connection.pendingPushes.count {
            connection.pendingPushes.removeAll(keepingCapacity: true)
            connection.pendingPushHead = 0
        }
    }

    /// Sends queued output until it is gone or the socket is full.
    func flush(_ connection: Connection) {
        while connection.pendingOutputBytes > 0 {
            let sent: Int?
            do {
                sent = try SystemCall.send(connection.fd, connection.output, from: connection.outputSent)
            } catch {
                if error.errno != EPIPE && error.errno != ECONNRESET {
                    logger.error("sending to a connection failed", ("connection.id", "\(connection.id)"), ("error", error.description))
                }
                dropOutput(connection)
                connection.peerClosed = true
                let reason = "send failed: \(error.description)"
                beginClose(connection, reason: reason, status: nil)
                // The peer is gone, so the connection closes at the end of this pass.
                connection.state = .closing(reason: reason, deadline: .now)
                return
            }
            guard let sent else { return }
            connection.didSend(sent)
        }
    }

    /// Discards unsendable output after the peer has gone.
    private func dropOutput(_ connection: Connection) {
        connection.didSend(connection.pendingOutputBytes)
        connection.closingFrame = nil
    }

    private func updateRegistration(_ connection: Connection) {
        let desired = connection.desiredEvents
        guard desired != connection.registeredEvents else { return }
        do {
            try SystemCall.epollControl(epollFD, operation: EPOLL_CTL_MOD, fd: connection.fd, events: desired, token: connection.id)
            connection.registeredEvents = desired
        } catch {
            logger.error("updating a connection's epoll events failed", ("connection.id", "\(connection.id)"), ("error", error.description))
            close(connection, reason: "epoll_ctl failed")
        }
    }
}
