import CEpoll
import Glibc

/// Every system call the server makes, each checked: a failure throws a
/// `SystemError` naming the call with the errno it left. Calls that the
/// non-blocking design expects to fail with EAGAIN return nil instead, and
/// EINTR is retried where a retry is safe.
enum SystemCall {
    /// Outcome of a read from a non-blocking socket.
    enum ReadResult: Equatable {
        case bytes(Int)
        case endOfStream
        case wouldBlock
    }

    // MARK: Sockets

    /// Creates a non-blocking, close-on-exec stream socket.
    static func streamSocket(family: Int32) throws(SystemError) -> Int32 {
        let type = Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue)
        let fd = Glibc.socket(family, type, 0)
        guard fd >= 0 else { throw SystemError(call: "socket") }
        return fd
    }

    static func setOption(_ fd: Int32, level: Int32, name: Int32, value: Int32) throws(SystemError) {
        var value = value
        guard setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw SystemError(call: "setsockopt")
        }
    }

    static func bind(_ fd: Int32, to address: SocketAddress) throws(SystemError) {
        let result = address.withSockaddr { Glibc.bind(fd, $0, $1) }
        guard result == 0 else { throw SystemError(call: "bind") }
    }

    static func listen(_ fd: Int32, backlog: Int32) throws(SystemError) {
        guard Glibc.listen(fd, backlog) == 0 else { throw SystemError(call: "listen") }
    }

    static func localAddress(_ fd: Int32) throws(SystemError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0 else { throw SystemError(call: "getsockname") }
        guard let address = SocketAddress(storage: storage) else {
            throw SystemError(call: "getsockname", errno: EAFNOSUPPORT)
        }
        return address
    }

    /// Accepts one connection as a non-blocking, close-on-exec socket; nil
    /// when none is waiting or the peer gave up before it was accepted.
    static func accept(_ fd: Int32) throws(SystemError) -> (fd: Int32, peer: SocketAddress?)? {
        while true {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let accepted = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    accept4(fd, $0, &length, Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue))
                }
            }
            if accepted >= 0 {
                return (accepted, SocketAddress(storage: storage))
            }
            let error = SystemError(call: "accept4")
            switch error.errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK, ECONNABORTED: return nil
            default: throw error
            }
        }
    }

    static func receive(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> ReadResult {
        while true {
            let count = recv(fd, buffer.baseAddress, buffer.count, 0)
            if count > 0 { return .bytes(count) }
            if count == 0 { return .endOfStream }
            let error = SystemError(call: "recv")
            switch error.errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: throw error
            }
        }
    }

    /// Sends `bytes[offset...]` as far as the socket takes them now.
    static func send(_ fd: Int32, _ bytes: [UInt8], from offset: Int) throws(SystemError) -> Int? {
        let result: Result<Int?, SystemError> = bytes.withUnsafeBytes { buffer in
            Result { () throws(SystemError) -> Int? in
                try send(fd, UnsafeRawBufferPointer(rebasing: buffer[offset...]))
            }
        }
        return try result.get()
    }

    /// Sends what the socket takes now; nil when it takes nothing.
    /// MSG_NOSIGNAL turns a closed peer into EPIPE instead of SIGPIPE.
    static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(SystemError) -> Int? {
        while true {
            let count = Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if count >= 0 { return count }
            let error = SystemError(call: "send")
            switch error.errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return nil
            default: throw error
            }
        }
    }

    /// Shuts down the sending side of a socket: the kernel sends what is queued, then FIN.
    static func shutdownWrite(_ fd: Int32) throws(SystemError) {
        guard Glibc.shutdown(fd, Int32(SHUT_WR)) == 0 else { throw SystemError(call: "shutdown") }
    }

    /// Returns the bytes of a TCP socket's send queue that the peer has not yet acknowledged.
    static func unacknowledgedOutputBytes(_ fd: Int32) throws(SystemError) -> Int {
        var bytes: Int32 = 0
        guard allot_unacknowledged_output_bytes(fd, &bytes) == 0 else { throw SystemError(call: "ioctl(SIOCOUTQ)") }
        return Int(bytes)
    }

    static func close(_ fd: Int32) throws(SystemError) {
        // Linux releases the descriptor even when close fails, so EINTR is not retried.
        guard Glibc.close(fd) == 0 else { throw SystemError(call: "close") }
    }

    /// Waits until `fd` has one of `events` (POLLIN, POLLOUT) or
    /// `timeoutMilliseconds` pass; true when it has. A signal counts as a timeout.
    static func poll(_ fd: Int32, events: Int32, timeoutMilliseconds: Int32) throws(SystemError) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(events), revents: 0)
        let result = Glibc.poll(&descriptor, 1, timeoutMilliseconds)
        if result < 0 {
            let error = SystemError(call: "poll")
            if error.errno == EINTR { return false }
            throw error
        }
        return result > 0
    }

    /// Waits until one of `descriptors` is ready or the timeout passes, and sets their
    /// `revents`. An interrupted wait returns with none set.
    static func poll(_ descriptors: inout [pollfd], timeoutMilliseconds: Int32) throws(SystemError) {
        let result = descriptors.withUnsafeMutableBufferPointer { buffer in
            Glibc.poll(buffer.baseAddress, nfds_t(buffer.count), timeoutMilliseconds)
        }
        guard result < 0 else { return }
        let error = SystemError(call: "poll")
        guard error.errno == EINTR else { throw error }
        for index in descriptors.indices { descriptors[index].revents = 0 }
    }

    // MARK: epoll and eventfd

    static func epollCreate() throws(SystemError) -> Int32 {
        let fd = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard fd >= 0 else { throw SystemError(call: "epoll_create1") }
        return fd
    }

    static func epollControl(_ epollFD: Int32, operation: Int32, fd: Int32, events: UInt32, token: UInt64) throws(SystemError) {
        var event = epoll_event()
        event.events = events
        event.data.u64 = token
        guard epoll_ctl(epollFD, operation, fd, &event) == 0 else { throw SystemError(call: "epoll_ctl") }
    }

    /// Waits for events; returns 0 when a signal interrupted the wait.
    static func epollWait(_ epollFD: Int32, into events: UnsafeMutableBufferPointer<epoll_event>, timeoutMilliseconds: Int32) throws(SystemError) -> Int {
        let count = epoll_wait(epollFD, events.baseAddress, Int32(events.count), timeoutMilliseconds)
        if count >= 0 { return Int(count) }
        let error = SystemError(call: "epoll_wait")
        if error.errno == EINTR { return 0 }
        throw error
    }

    static func eventFD() throws(SystemError) -> Int32 {
        let fd = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard fd >= 0 else { throw SystemError(call: "eventfd") }
        return fd
    }

    /// Adds one to an eventfd counter. A full counter (EAGAIN) already wakes
    /// the reader, so it is not an error.
    static func eventFDSignal(_ fd: Int32) throws(SystemError) {
        var one: UInt64 = 1
        while true {
            if Glibc.write(fd, &one, 8) == 8 { return }
            let error = SystemError(call: "write(eventfd)")
            switch error.errno {
            case EINTR: continue
            case EAGAIN: return
            default: throw error
            }
        }
    }

    /// Resets an eventfd counter to zero.
    static func eventFDDrain(_ fd: Int32) throws(SystemError) {
        var value: UInt64 = 0
        while true {
            if Glibc.read(fd, &value, 8) == 8 { return }
            let error = SystemError(call: "read(eventfd)")
            switch error.errno {
            case EINTR: continue
            case EAGAIN: return
            default: throw error
            }
        }
    }

    // MARK: Files

    static func open(_ path: String, flags: Int32, mode: mode_t) throws(SystemError) -> Int32 {
        while true {
            let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            let error = SystemError(call: "open")
            if error.errno != EINTR { throw error }
        }
    }

    /// Writes all of `bytes`, looping over short writes.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(SystemError) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
            if count < 0 {
                let error = SystemError(call: "write")
                if error.errno == EINTR { continue }
                throw error
            }
            offset += count
        }
    }

    static func fsync(_ fd: Int32) throws(SystemError) {
        guard Glibc.fsync(fd) == 0 else { throw SystemError(call: "fsync") }
    }

    /// Creates a directory; an existing one is not an error.
    static func makeDirectory(_ path: String, mode: mode_t) throws(SystemError) {
        guard mkdir(path, mode) == 0 else {
            let error = SystemError(call: "mkdir")
            if error.errno == EEXIST { return }
            throw error
        }
    }

    /// Permission bits of a file, or nil when it does not exist.
    static func permissions(_ path: String) throws(SystemError) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let error = SystemError(call: "stat")
            if error.errno == ENOENT { return nil }
            throw error
        }
        return info.st_mode & 0o7777
    }

    // MARK: Process

    /// Raises the soft limit on open files to the hard limit; returns the new limit.
    static func raiseOpenFileLimit() throws(SystemError) -> UInt64 {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { throw SystemError(call: "getrlimit") }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            guard setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { throw SystemError(call: "setrlimit") }
        }
        return UInt64(limit.rlim_cur)
    }

    /// Blocks `signals` in the calling thread and in the threads it starts later.
    static func blockSignals(_ signals: [Int32]) throws(SystemError) {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        let result = pthread_sigmask(SIG_BLOCK, &set, nil)
        guard result == 0 else { throw SystemError(call: "pthread_sigmask", errno: result) }
    }

    /// Waits until one of `signals` (blocked beforehand) arrives and returns it.
    static func waitForSignal(_ signals: [Int32]) throws(SystemError) -> Int32 {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        var received: Int32 = 0
        let result = sigwait(&set, &received)
        guard result == 0 else { throw SystemError(call: "sigwait", errno: result) }
        return received
    }
}
