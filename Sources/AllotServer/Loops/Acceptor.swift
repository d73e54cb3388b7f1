import AllotWire
import CEpoll
import Foundation
import Glibc

/// The thread that accepts client connections and hands them to the I/O
/// threads in turn.
final class Acceptor: @unchecked Sendable {
    private static let listenToken: UInt64 = 1
    private static let stopToken: UInt64 = 2
    /// First epoll token of the rejected connections that linger.
    private static let firstRejectionToken: UInt64 = 3

    let listenFD: Int32
    /// The bound address, with the port the kernel picked when asked for 0.
    let boundAddress: SocketAddress
    private let context: ServerContext
    private let threads: [IOThread]
    private let epollFD: Int32
    private let stopFD: Int32
    private var nextThread = 0
    private let finished = DispatchSemaphore(value: 0)
    private let lingeringRejections: LingeringRejections
    /// The RESOURCE_EXHAUSTED status frame every rejected connection gets,
    /// encoded once, or no bytes when encoding failed.
    private let rejectionFrame: [UInt8]
    /// Rejections since the last log line about them, so a flood logs once a second.
    private var unloggedRejections = 0
    /// Rejections since the last log line that were closed without lingering.
    private var unloggedImmediateCloses = 0
    private var lastRejectionLog = ContinuousClock.now - .seconds(1)
    /// Set once the descriptors are closed, at the end of the loop or in
    /// `deinit` when the loop never ran.
    private var areDescriptorsClosed = false

    /// Binds and listens on `address`; the socket is ready when this returns.
    init(address: SocketAddress, context: ServerContext, threads: [IOThread]) throws(SystemError) {
        self.context = context
        self.threads = threads
        listenFD = try SystemCall.streamSocket(family: address.family)
        do {
            try SystemCall.setOption(listenFD, level: SOL_SOCKET, name: SO_REUSEADDR, value: 1)
            try SystemCall.bind(listenFD, to: address)
            try SystemCall.listen(listenFD, backlog: ServerLimits.listenBacklog)
            boundAddress = try SystemCall.localAddress(listenFD)
            epollFD = try SystemCall.epollCreate()
        } catch {
            try? SystemCall.close(listenFD)
            throw error
        }
        do {
            stopFD = try SystemCall.eventFD()
        } catch {
            try? SystemCall.close(listenFD)
            try? SystemCall.close(epollFD)
            throw error
        }
        do {
            try SystemCall.epollControl(epollFD, operation: EPOLL_CTL_ADD, fd: listenFD, events: EPOLLIN.rawValue, token: Self.listenToken)
            try SystemCall.epollControl(epollFD, operation: EPOLL_CTL_ADD, fd: stopFD, events: EPOLLIN.rawValue, token: Self.stopToken)
        } catch {
            try? SystemCall.close(listenFD)
            try? SystemCall.close(epollFD)
            try? SystemCall.close(stopFD)
            throw error
        }
        lingeringRejections = LingeringRejections(epollFD: epollFD, firstToken: Self.firstRejectionToken, logger: context.logger)
        rejectionFrame = Self.encodeRejectionFrame(maximumConnections: context.configuration.maximumConnections)
    }

    /// Closes the listening socket and the loop's descriptors of an acceptor
    /// that never started, such as one of a server whose start-up failed
    /// after the acceptor bound its port.
    deinit {
        closeDescriptors()
    }

    func start() {
        let thread = Thread { [self] in
            run()
            finished.signal()
        }
        thread.name = "allot-acceptor"
        thread.start()
    }

    /// Stops accepting and closes the listening socket; returns once the thread has ended.
    func stop() {
        do {
            try SystemCall.eventFDSignal(stopFD)
        } catch {
            context.logger.error("signalling the acceptor to stop failed", ("error", error.description))
        }
        finished.wait()
    }

    private func run() {
        let events = UnsafeMutableBufferPointer<epoll_event>.allocate(capacity: ServerLimits.epollBatchSize)
        defer {
            events.deallocate()
            closeDescriptors()
        }
        while true {
            let count: Int
            do {
                let timeout = lingeringRejections.waitTimeoutMilliseconds(now: .now)
                count = try SystemCall.epollWait(epollFD, into: events, timeoutMilliseconds: timeout)
            } catch {
                context.logger.error("acceptor stopped on an epoll error", ("error", error.description))
                return
            }
            for slot in 0..<count {
                let token = events[slot].data.u64
                switch token {
                case Self.stopToken:
                    return
                case Self.listenToken:
                    acceptPending()
                default:
                    lingeringRejections.handleInput(token: token)
                }
            }
            lingeringRejections.closeExpired(now: .now)
        }
    }

    /// Closes the lingering rejections and the acceptor's own descriptors.
    /// Calls after the first do nothing.
    private func closeDescriptors() {
        guard !areDescriptorsClosed else { return }
        areDescriptorsClosed = true
        lingeringRejections.closeAll()
        for fd in [listenFD, epollFD, stopFD] {
            do {
                try SystemCall.close(fd)
            } catch {
                context.logger.error("closing an acceptor descriptor failed", ("error", error.description))
            }
        }
    }

    /// Accepts the waiting connections, at most `ServerLimits.maximumAcceptsPerWakeup`.
    private func acceptPending() {
        for _ in 0..<ServerLimits.maximumAcceptsPerWakeup {
            let accepted: (fd: Int32, peer: SocketAddress?)?
            do {
                accepted = try SystemCall.accept(listenFD)
            } catch {
                context.logger.error("accepting a connection failed", ("error", error.description))
                if error.errno == EMFILE || error.errno == ENFILE {
                    // Out of descriptors: epoll would report the waiting connection at once again.
                    usleep(UInt32(ServerLimits.acceptPauseMilliseconds * 1_000))
                }
                return
            }
            guard let accepted else { return }
            admit(fd: accepted.fd, peer: accepted.peer)
        }
    }

    private func admit(fd: Int32, peer: SocketAddress?) {
        let open = context.metrics.openConnections.add(1, ordering: .relaxed).newValue
        guard open <= context.configuration.maximumConnections else {
            context.metrics.openConnections.subtract(1, ordering: .relaxed)
            reject(fd: fd, peer: peer)
            return
        }
        do {
            try SystemCall.setOption(fd, level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: 1)
        } catch {
            // Only latency suffers without TCP_NODELAY, so the connection is kept.
            context.logger.error("setting TCP_NODELAY failed", ("connection.peer", peer?.description ?? "unknown"), ("error", error.description))
        }
        let idleSeconds = context.configuration.keepaliveIdleSeconds
        if idleSeconds > 0 {
            do {
                try SystemCall.setOption(fd, level: Int32(IPPROTO_TCP), name: TCP_KEEPIDLE, value: Int32(idleSeconds))
                try SystemCall.setOption(fd, level: Int32(IPPROTO_TCP), name: TCP_KEEPINTVL, value: Int32(max(1, idleSeconds / 3)))
                try SystemCall.setOption(fd, level: Int32(IPPROTO_TCP), name: TCP_KEEPCNT, value: ServerLimits.keepaliveProbeCount)
                try SystemCall.setOption(fd, level: SOL_SOCKET, name: SO_KEEPALIVE, value: 1)
            } catch {
                // The connection still works; only a vanished peer goes unnoticed.
                context.logger.error("setting TCP keepalive failed", ("connection.peer", peer?.description ?? "unknown"), ("error", error.description))
            }
        }
        threads[nextThread].mailbox.post(.adopt(fd: fd, peer: peer))
        nextThread = (nextThread + 1) % threads.count
    }

    /// Sends a connection over the limit the RESOURCE_EXHAUSTED status and
    /// keeps it open until the peer has read it, or closes it at once when
    /// `ServerLimits.maximumLingeringRejections` are already open.
    private func reject(fd: Int32, peer: SocketAddress?) {
        var sentWhole = false
        if !rejectionFrame.isEmpty {
            // The socket is new, so its send buffer takes the whole frame unless the peer has already gone.
            sentWhole = (try? SystemCall.send(fd, rejectionFrame, from: 0)) == rejectionFrame.count
        }
        if !sentWhole || !lingeringRejections.add(fd, now: .now) {
            unloggedImmediateCloses += 1
            do {
                try SystemCall.close(fd)
            } catch {
                context.logger.error("closing a rejected connection failed", ("error", error.description))
            }
        }
        context.metrics.shards[0].counts.withLock { $0.connectionsRejected += 1 }
        unloggedRejections += 1
        if ContinuousClock.now - lastRejectionLog >= .seconds(1) {
            context.logger.warning("connections rejected at the limit", ("count", "\(unloggedRejections)"), ("closed_at_once", "\(unloggedImmediateCloses)"),
                                   ("limit", "\(context.configuration.maximumConnections)"), ("connection.peer", peer?.description ?? "unknown"))
            unloggedRejections = 0
            unloggedImmediateCloses = 0
            lastRejectionLog = .now
        }
    }

    /// Encodes the status frame for connections over `maximumConnections`.
    /// Returns no bytes when encoding fails, so that they are closed without it.
    private static func encodeRejectionFrame(maximumConnections: Int) -> [UInt8] {
        let status = Wire.Status(code: .resourceExhausted, message: "the server has \(maximumConnections) connections open, its limit; retry later or raise max-connections")
        var output: [UInt8] = []
        guard let payload = try? Wire.ServerFrame(callID: 0, status: status).encodedBytes(),
              (try? FrameEncoder().appendFrame(payload: payload, to: &output)) != nil else { return [] }
        return output
    }
}
