import AllotWire
import CEpoll
import Foundation
import Glibc

/// One I/O thread: an epoll loop over its connections.
///
/// Everything but `mailbox` is confined to the thread that runs `run()`,
/// which is why the class is `@unchecked Sendable`: it is created on the main
/// thread and then handed to its own thread, never shared.
final class IOThread: @unchecked Sendable {
    /// epoll token of the mailbox's eventfd; connection IDs start at 1.
    static let mailboxToken: UInt64 = 0

    let index: Int
    let context: ServerContext
    let mailbox: Mailbox
    let epollFD: Int32
    /// Set when `epollFD` is closed, at the end of the loop or in `deinit`.
    private var isEpollClosed = false
    var connections: [UInt64: Connection] = [:]
    /// The connections of `connections` that are closing, so that the checks of closing
    /// deadlines on every loop pass visit only these.
    var closingConnections: [UInt64: Connection] = [:]
    /// Hello deadlines of connections in the order they arrived; entries
    /// before `helloDeadlineHead` are consumed.
    var helloDeadlines: [(connectionID: UInt64, deadline: ContinuousClock.Instant)] = []
    var helloDeadlineHead = 0
    /// Connections to flush or re-register at the end of this pass.
    var serviceList: [Connection] = []
    /// Counters merged into the shared shard once per pass.
    var localMetrics = RequestMetrics()
    /// True when the handler ran a call since its deferred calls were last flushed.
    var hasUnflushedCalls = false
    let metricsShard: ServerMetrics.Shard
    /// Set by `stop`; the loop ends when every connection has closed or this passes.
    var stopDeadline: ContinuousClock.Instant?
    let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: ServerLimits.readChunkBytes, alignment: 16)
    /// Memory for decoding each request frame, reused from frame to frame.
    let unpackArena = UnpackArena()
    private let finished = DispatchSemaphore(value: 0)

    var configuration: ServerConfiguration { context.configuration }
    var logger: Logger { context.logger }

    init(index: Int, context: ServerContext) throws(SystemError) {
        self.index = index
        self.context = context
        self.metricsShard = context.metrics.shards[index]
        mailbox = try Mailbox(logger: context.logger)
        epollFD = try SystemCall.epollCreate()
        try SystemCall.epollControl(epollFD, operation: EPOLL_CTL_ADD, fd: mailbox.eventFD, events: EPOLLIN.rawValue, token: Self.mailboxToken)
    }

    deinit {
        readBuffer.deallocate()
        closeDescriptors()
    }

    /// Starts the loop on a new thread.
    func start() {
        let thread = Thread { [self] in
            run()
            closeDescriptors()
            finished.signal()
        }
        thread.name = "allot-io-\(index)"
        thread.start()
    }

    /// Closes the mailbox and the epoll descriptor once the loop has ended, or
    /// never started, so that a stopped server keeps none of them however long it
    /// is referenced. Calls after the first do nothing.
    private func closeDescriptors() {
        mailbox.close()
        guard !isEpollClosed else { return }
        isEpollClosed = true
        do {
            try SystemCall.close(epollFD)
        } catch {
            logger.error("closing an I/O thread's epoll descriptor failed", ("thread", "\(index)"), ("error", error.description))
        }
    }

    /// Blocks until the loop has ended.
    func waitUntilFinished() {
        finished.wait()
    }

    /// Runs the loop until stopped and every connection is closed.
    func run() {
        let events = UnsafeMutableBufferPointer<epoll_event>.allocate(capacity: ServerLimits.epollBatchSize)
        defer { events.deallocate() }
        mailbox.claimOwnership()
        while true {
            let count: Int
            do {
                count = try SystemCall.epollWait(epollFD, into: events, timeoutMilliseconds: waitTimeoutMilliseconds())
            } catch {
                logger.error("I/O loop stopped on an epoll error", ("thread", "\(index)"), ("error", error.description))
                closeAll(reason: "I/O loop failed")
                return
            }
            for slot in 0..<count {
                handle(events[slot])
            }
            // Journaled calls complete once the handler has written the
            // records of the whole pass, through posts to this thread's own
            // mailbox that no eventfd announces.
            flushDeferredCalls()
            processMailboxItems()
            // Counts merge before replies go out, so a scrape that follows a
            // client's reply already includes the call.
            metricsShard.merge(&localMetrics)
            servicePending()
            // Connections that resumed reading ran calls while being serviced.
            flushDeferredCalls()
            processMailboxItems()
            closeExpired()
            closeConnectionsWithoutHello()
            metricsShard.merge(&localMetrics)
            if let stopDeadline, connections.isEmpty || ContinuousClock.now >= stopDeadline {
                closeAll(reason: "shutdown grace period over")
                metricsShard.merge(&localMetrics)
                return
            }
        }
    }

    private func handle(_ event: epoll_event) {
        let token = event.data.u64
        if token == Self.mailboxToken {
            drainMailbox()
            return
        }
        guard let connection = connections[token] else { return }
        let flags = event.events
        let hungUp = flags & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0
        if connection.isDraining {
            discardInput(connection, hungUp: hungUp)
            return
        }
        if hungUp && !connection.wantsInput {
            // Nothing can be sent any more, and epoll would report the
            // hang-up on every pass until the connection is gone.
            close(connection, reason: connection.closingReason ?? "peer hung up")
            return
        }
        if flags & EPOLLIN.rawValue != 0 || hungUp {
            readAvailable(connection)
        }
        if flags & EPOLLOUT.rawValue != 0 {
            markForService(connection)
        }
    }

    /// Lets the handler finish the calls it deferred in this pass, when it ran any.
    private func flushDeferredCalls() {
        guard hasUnflushedCalls else { return }
        hasUnflushedCalls = false
        context.handler.flushDeferredCalls()
    }

    func markForService(_ connection: Connection) {
        guard !connection.needsService else { return }
        connection.needsService = true
        serviceList.append(connection)
    }

    /// Returns the epoll timeout: zero when work is left, otherwise the time
    /// to the nearest closing deadline, at most a second.
    private func waitTimeoutMilliseconds() -> Int32 {
        // Work left by this pass must not wait for an event: items this
        // thread posted itself, or connections marked while servicing.
        if !serviceList.isEmpty || hasUnflushedCalls || mailbox.hasItems { return 0 }
        var nearest: ContinuousClock.Instant?
        for connection in closingConnections.values {
            guard let deadline = connection.closingDeadline else { continue }
            nearest = min(nearest ?? deadline, deadline)
            if connection.isDraining {
                let poll = ContinuousClock.now + .milliseconds(ServerLimits.drainPollMilliseconds)
                nearest = min(nearest ?? poll, poll)
            }
        }
        if let stopDeadline {
            nearest = min(nearest ?? stopDeadline, stopDeadline)
        }
        if let helloDeadline = nextHelloDeadline() {
            nearest = min(nearest ?? helloDeadline, helloDeadline)
        }
        guard let nearest else { return 1_000 }
        return (nearest - ContinuousClock.now).pollTimeoutMilliseconds(atMost: 1_000)
    }

    // MARK: Mailbox

    private func drainMailbox() {
        do {
            try SystemCall.eventFDDrain(mailbox.eventFD)
        } catch {
            logger.error("reading the I/O thread's eventfd failed", ("thread", "\(index)"), ("error", error.description))
        }
        processMailboxItems()
    }

    /// Handles every item in the mailbox.
    private func processMailboxItems() {
        for item in mailbox.takeAll() {
            switch item {
            case .adopt(let fd, let peer):
                adopt(fd: fd, peer: peer)
            case .push(let connectionID, let payload):
                // A draining connection has shut down its sending side.
                if let connection = connections[connectionID], !connection.isDraining {
                    connection.pendingPushes.append(payload)
                    markForService(connection)
                } else {
                    localMetrics.eventsDropped += 1
                }
            case .complete(let connectionID, let callID, let status, let payload):
                completeDeferred(connectionID: connectionID, callID: callID, status: status, payload: payload)
            case .disconnect(let connectionID, let status, let reason):
                if let connection = connections[connectionID] {
                    // Logged now as well as at the close, which may come seconds later
                    // once the peer has read its backlog.
                    logger.warning("closing a connection", ("connection.id", "\(connectionID)"), ("connection.peer", connection.peer), ("reason", reason))
                    beginClose(connection, reason: reason, status: status)
                }
            case .stop:
                beginStop()
            case .accountsReloaded:
                closeConnectionsOfRevokedAccounts()
            }
        }
    }

    private func adopt(fd: Int32, peer: SocketAddress?) {
        let connection = Connection(id: context.makeConnectionID(), fd: fd, peer: peer?.description ?? "unknown", configuration: configuration)
        do {
            try SystemCall.epollControl(epollFD, operation: EPOLL_CTL_ADD, fd: fd, events: connection.registeredEvents, token: connection.id)
        } catch {
            logger.error("registering a connection with epoll failed", ("connection.peer", connection.peer), ("error", error.description))
            try? SystemCall.close(fd)
            context.metrics.openConnections.subtract(1, ordering: .relaxed)
            return
        }
        connections[connection.id] = connection
        armHelloDeadline(connection)
        localMetrics.connectionsAccepted += 1
        localMetrics.isDirty = true
        logger.debug("connection opened", ("connection.id", "\(connection.id)"), ("connection.peer", connection.peer))
        if stopDeadline != nil {
            beginClose(connection, reason: "server stopping", status: Self.stoppingStatus)
        }
    }

    static let stoppingStatus = Wire.Status(code: .unavailable, message: "the server is shutting down; reconnect to another server or retry later")

    private func beginStop() {
        guard stopDeadline == nil else { return }
        stopDeadline = ContinuousClock.now + .seconds(configuration.shutdownGraceSeconds)
        for connection in Array(connections.values) {
            beginClose(connection, reason: "server stopping", status: Self.stoppingStatus)
        }
    }

    // MARK: Closing

    /// Stops reading from `connection` and closes it once every in-flight
    /// call has its reply and `status`, when given, is sent as the last frame.
    /// Closes, with UNAUTHENTICATED, each authenticated connection whose account the
    /// reloaded accounts no longer accept, or accept with another administrator flag.
    private func closeConnectionsOfRevokedAccounts() {
        let accounts = context.accounts
        for connection in connections.values {
            guard case .authenticated(let handle) = connection.state, !accounts.accepts(handle.account) else { continue }
            let sid = handle.account.sid
            logger.warning("closing a connection of a revoked account", ("connection.id", "\(connection.id)"), ("connection.peer", connection.peer), ("account.sid", sid))
            let status = Wire.Status(code: .unauthenticated, message: "account \(sid) was removed or changed when the server reloaded its accounts; connect again with current credentials")
            beginClose(connection, reason: "account revoked by an accounts reload", status: status)
        }
    }

    func beginClose(_ connection: Connection, reason: String, status: Wire.Status?) {
        guard !connection.isClosing else { return }
        // At a stop every connection gets the whole shutdown grace period, which may be longer
        // than the flush time that a single closing connection gets.
        let deadline = stopDeadline ?? ContinuousClock.now + .milliseconds(ServerLimits.closingFlushMilliseconds)
        connection.state = .closing(reason: reason, deadline: deadline)
        closingConnections[connection.id] = connection
        if let status {
            connection.closingFrame = encodeUnasked(status: status, for: connection)
        }
        dropPendingPushes(connection)
        appendClosingFrameIfDue(connection)
        markForService(connection)
    }

    /// Appends the last frame once no deferred call still waits for its reply.
    func appendClosingFrameIfDue(_ connection: Connection) {
        guard connection.deferredCalls.isEmpty, let frame = connection.closingFrame else { return }
        connection.closingFrame = nil
        connection.enqueue(frame: frame, isReply: false)
    }

    private func dropPendingPushes(_ connection: Connection) {
        let dropped = connection.pendingPushes.count - connection.pendingPushHead
        connection.handle?.queuedPushes.subtract(dropped, ordering: .relaxed)
        localMetrics.eventsDropped += UInt64(dropped)
        connection.pendingPushes.removeAll()
        connection.pendingPushHead = 0
    }

    private func closeExpired() {
        guard !closingConnections.isEmpty else { return }
        let now = ContinuousClock.now
        for connection in Array(closingConnections.values) {
            switch connection.state {
            case .closing(let reason, let deadline) where now >= deadline:
                close(connection, reason: connection.pendingOutputBytes > 0 ? "\(reason); unsent output discarded at the deadline" : reason)
            case .draining(let reason, let deadline):
                closeIfDrained(connection, reason: reason, deadline: deadline, now: now)
            default:
                break
            }
        }
    }

    private func closeAll(reason: String) {
        for connection in Array(connections.values) {
            close(connection, reason: reason)
        }
    }

    /// Closes the socket now and removes the connection from the thread.
    func close(_ connection: Connection, reason: String) {
        guard connections.removeValue(forKey: connection.id) != nil else { return }
        closingConnections[connection.id] = nil
        do {
            try SystemCall.epollControl(epollFD, operation: EPOLL_CTL_DEL, fd: connection.fd, events: 0, token: connection.id)
        } catch {
            logger.error("removing a connection from epoll failed", ("connection.id", "\(connection.id)"), ("error", error.description))
        }
        do {
            try SystemCall.close(connection.fd)
        } catch {
            logger.error("closing a connection's socket failed", ("connection.id", "\(connection.id)"), ("error", error.description))
        }
        if let handle = connection.handle {
            handle.isClosed.store(true, ordering: .releasing)
            localMetrics.eventsDropped += UInt64(handle.droppedPushes.load(ordering: .relaxed))
            context.handler.connectionClosed(handle)
        }
        context.metrics.openConnections.subtract(1, ordering: .relaxed)
        localMetrics.connectionsClosed += 1
        localMetrics.isDirty = true
        var metadata = [("connection.id", "\(connection.id)"), ("connection.peer", connection.peer), ("reason", reason)]
        if let handle = connection.handle {
            metadata.append(("account.sid", handle.account.sid))
        }
        logger.log(.info, "connection closed", metadata)
    }
}
