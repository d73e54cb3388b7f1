import CEpoll
import Glibc

/// Connections rejected at max-connections that stay open after their status
/// frame, with their sending side shut down, until the peer closes or the
/// linger time passes. Their input is read and dropped meanwhile, because
/// closing a socket with unread input makes the kernel reset the connection,
/// and a reset can drop the status before the peer reads it.
///
/// The acceptor owns it and registers the sockets with its own epoll
/// instance, so every method runs on the acceptor thread and none blocks.
final class LingeringRejections {
    private struct Rejection {
        let fd: Int32
        let deadline: ContinuousClock.Instant
        var discardedBytes = 0
    }

    private let epollFD: Int32
    private let logger: Logger
    private var rejections: [UInt64: Rejection] = [:]
    private var nextToken: UInt64
    private let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: ServerLimits.readChunkBytes, alignment: 16)

    /// Registers sockets with `epollFD` under tokens from `firstToken` up,
    /// which must not collide with the tokens the caller uses.
    init(epollFD: Int32, firstToken: UInt64, logger: Logger) {
        self.epollFD = epollFD
        self.nextToken = firstToken
        self.logger = logger
    }

    deinit {
        readBuffer.deallocate()
    }

    /// Shuts down the sending side of `fd`, whose status frame is sent, and
    /// keeps it open. Returns false, leaving `fd` to the caller to close, when
    /// `ServerLimits.maximumLingeringRejections` are already open or a call fails.
    func add(_ fd: Int32, now: ContinuousClock.Instant) -> Bool {
        guard rejections.count < ServerLimits.maximumLingeringRejections else { return false }
        let token = nextToken
        do {
            try SystemCall.shutdownWrite(fd)
            try SystemCall.epollControl(epollFD, operation: EPOLL_CTL_ADD, fd: fd, events: EPOLLIN.rawValue, token: token)
        } catch {
            // ENOTCONN from shutdown means the peer has already reset the connection.
            if error.errno != ENOTCONN {
                logger.error("keeping a rejected connection open failed", ("error", error.description))
            }
            return false
        }
        nextToken += 1
        rejections[token] = Rejection(fd: fd, deadline: now + .milliseconds(ServerLimits.rejectedLingerMilliseconds))
        return true
    }

    /// Drops the input epoll reported for `token`, and closes the connection
    /// once the peer has closed its side, the socket failed, or the peer sent
    /// `ServerLimits.maximumRejectedDiscardBytes`.
    func handleInput(token: UInt64) {
        guard var rejection = rejections[token] else { return }
        let result = SystemCall.discardInput(rejection.fd, into: readBuffer, maximumReads: ServerLimits.maximumDrainReadsPerWakeup,
                                             maximumBytes: ServerLimits.maximumRejectedDiscardBytes - rejection.discardedBytes)
        switch result {
        case .ended:
            close(token)
        case .open(let discardedBytes):
            rejection.discardedBytes += discardedBytes
            if rejection.discardedBytes >= ServerLimits.maximumRejectedDiscardBytes {
                close(token)
            } else {
                rejections[token] = rejection
            }
        }
    }

    /// Closes the connections whose linger time has passed.
    ///
    /// - Complexity: O(n), where n is at most `ServerLimits.maximumLingeringRejections`.
    func closeExpired(now: ContinuousClock.Instant) {
        for (token, rejection) in rejections where now >= rejection.deadline {
            close(token)
        }
    }

    /// Returns the epoll timeout until the nearest linger deadline, in
    /// milliseconds, or -1, which waits without end, when none is open.
    ///
    /// - Complexity: O(n), where n is at most `ServerLimits.maximumLingeringRejections`.
    func waitTimeoutMilliseconds(now: ContinuousClock.Instant) -> Int32 {
        guard let nearest = rejections.values.lazy.map(\.deadline).min() else { return -1 }
        // One more millisecond, so that the wait does not end just short of the deadline.
        let milliseconds = (nearest - now).nanoseconds / 1_000_000 + 1
        return Int32(min(milliseconds, UInt64(ServerLimits.rejectedLingerMilliseconds + 1)))
    }

    /// Closes every rejected connection still open.
    func closeAll() {
        for token in Array(rejections.keys) {
            close(token)
        }
    }

    private func close(_ token: UInt64) {
        guard let rejection = rejections.removeValue(forKey: token) else { return }
        // The kernel removes the socket from the epoll set when its only descriptor closes.
        do {
            try SystemCall.close(rejection.fd)
        } catch {
            logger.error("closing a rejected connection failed", ("error", error.description))
        }
    }
}
