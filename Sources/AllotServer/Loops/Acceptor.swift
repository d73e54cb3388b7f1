import AllotWire
import CEpoll
import Foundation
import Glibc

/// The thread that accepts client connections and hands them to the I/O
/// threads in turn.
final class Acceptor: @unchecked Sendable {
    private static let listenToken: UInt64 = 1
    private static let stopToken: UInt64 = 2

    let listenFD: Int32
    /// The bound address, with the port the kernel picked when asked for 0.
    let boundAddress: SocketAddress
    private let context: ServerContext
    private let threads: [IOThread]
    private let epollFD: Int32
    private let stopFD: Int32
    private var nextThread = 0
    private let finished = DispatchSemaphore(value: 0)
    /// Rejections since the last log line about them, so a flood logs once a second.
    private var unloggedRejections = 0
    private var lastRejectionLog = ContinuousClock.now - .seconds(1)

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
            try SystemCall.epollControl(epollFD, operation: EPOLL_CTL_ADD, fd: listenFD, events: EPOLLIN.rawValue, token: Self.listenToken)
            try SystemCall.epollControl(epollFD, operation: EPOLL_CTL_ADD, fd: stopFD, events: EPOLLIN.rawValue, token: Self.stopToken)
        } catch {
            try? SystemCall.close(listenFD)
            try? SystemCall.close(epollFD)
            throw error
        }
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
        var event = epoll_event()
        defer {
            for fd in [listenFD, epollFD, stopFD] {
                do {
                    try SystemCall.close(fd)
                } catch {
                    context.logger.error("closing an acceptor descriptor failed", ("error", error.description))
                }
            }
        }
        while true {
            let count: Int
            do {
                count = try withUnsafeMutablePointer(to: &event) { pointer throws(SystemError) in
                    try SystemCall.epollWait(epollFD, into: UnsafeMutableBufferPointer(start: pointer, count: 1), timeoutMilliseconds: -1)
                }
            } catch {
                context.logger.error("acceptor stopped on an epoll error", ("error", error.description))
                return
            }
            guard count > 0 else { continue }
            if event.data.u64 == Self.stopToken { return }
            acceptPending()
        }
    }

    /// Accepts every waiting connection.
    private func acceptPending() {
        while true {
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
        threads[nextThread].mailbox.post(.adopt(fd: fd, peer: peer))
        nextThread = (nextThread + 1) % threads.count
    }

    /// Tells a connection over the limit why, best effort, and closes it.
    private func reject(fd: Int32, peer: SocketAddress?) {
        let status = Wire.Status(code: .resourceExhausted, message: "the server has \(context.configuration.maximumConnections) connections open, its limit; retry later or raise max-connections")
        var output: [UInt8] = []
        if let payload = try? Wire.ServerFrame(callID: 0, status: status).serializedBytes(),
           (try? FrameEncoder().appendFrame(payload: payload, to: &output)) != nil {
            _ = try? SystemCall.send(fd, output, from: 0)
        }
        do {
            try SystemCall.close(fd)
        } catch {
            context.logger.error("closing a rejected connection failed", ("error", error.description))
        }
        context.metrics.shards[0].counts.withLock { $0.connectionsRejected += 1 }
        unloggedRejections += 1
        if ContinuousClock.now - lastRejectionLog >= .seconds(1) {
            context.logger.warning("connections rejected at the limit", ("count", "\(unloggedRejections)"), ("limit", "\(context.configuration.maximumConnections)"), ("connection.peer", peer?.description ?? "unknown"))
            unloggedRejections = 0
            lastRejectionLog = .now
        }
    }
}
