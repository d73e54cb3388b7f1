import Glibc

/// A blocking TCP socket. Every libc call is checked here, and a failure
/// becomes an `AllotError` with code `unavailable` naming the call and errno.
final class ClientSocket: @unchecked Sendable {
    // @unchecked: `fd` never changes after init; send and receive are each
    // used from one thread at a time (callers send under the connection's
    // write lock, and only the reader thread receives).
    private let fd: Int32

    /// Connects to `host`:`port`, trying each address the name resolves to.
    init(host: String, port: UInt16) throws(AllotError) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw AllotError(code: .unavailable, message: "cannot resolve host '\(host)': \(String(cString: gai_strerror(status))); give an IP address or a name in /etc/hosts")
        }
        defer { freeaddrinfo(list) }

        var lastErrno: Int32 = 0
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            let candidate = Glibc.socket(current.pointee.ai_family, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
            if candidate >= 0 {
                if Glibc.connect(candidate, current.pointee.ai_addr, current.pointee.ai_addrlen) == 0 {
                    fd = candidate
                    // Failures are ignored: without these the connection still works, only
                    // slower, or slow to notice a server that vanished.
                    Self.setOption(candidate, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
                    Self.setOption(candidate, Int32(IPPROTO_TCP), TCP_KEEPIDLE, ClientLimits.keepaliveIdleSeconds)
                    Self.setOption(candidate, Int32(IPPROTO_TCP), TCP_KEEPINTVL, max(1, ClientLimits.keepaliveIdleSeconds / 3))
                    Self.setOption(candidate, Int32(IPPROTO_TCP), TCP_KEEPCNT, ClientLimits.keepaliveProbeCount)
                    Self.setOption(candidate, SOL_SOCKET, SO_KEEPALIVE, 1)
                    return
                }
                lastErrno = errno
                Glibc.close(candidate)
            } else {
                lastErrno = errno
            }
            entry = current.pointee.ai_next
        }
        throw AllotError(code: .unavailable, message: "cannot connect to \(host):\(port): \(String(cString: strerror(lastErrno))); check that allot-server is running and listens there")
    }

    deinit {
        Glibc.close(fd)
    }

    private static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) {
        var value = value
        _ = setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Sends every byte, blocking while the kernel's send buffer is full.
    func sendAll(_ bytes: [UInt8]) throws(AllotError) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { buffer in
                Glibc.send(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EINTR { continue }
                throw AllotError.connectionLost("send failed: \(String(cString: strerror(errno)))")
            }
            offset += sent
        }
    }

    /// Receives up to `buffer.count` bytes; returns 0 at the end of the stream.
    func receive(into buffer: UnsafeMutableRawBufferPointer) throws(AllotError) -> Int {
        while true {
            let count = Glibc.recv(fd, buffer.baseAddress, buffer.count, 0)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw AllotError.connectionLost("recv failed: \(String(cString: strerror(errno)))")
        }
    }

    /// Shuts both directions down, which wakes a thread blocked in `receive`.
    /// The descriptor stays open until deinit, so it cannot be reused while
    /// that thread still holds it.
    func shutdown() {
        _ = Glibc.shutdown(fd, Int32(SHUT_RDWR))
    }
}
