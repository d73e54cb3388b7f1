import AllotTestSupport
import Foundation
import Glibc
import Synchronization

/// A TCP proxy on 127.0.0.1 that forwards each connection to a port on
/// 127.0.0.1, and can cut every connection open through it, so that a test
/// can drop a client's connection without stopping the server. It stops
/// when the value is released.
final class ConnectionProxy: Sendable {
    /// The port clients connect to.
    let port: UInt16
    /// Shared with the threads, which must not keep the proxy alive.
    private let state: ProxyState

    /// Starts listening on a free port and forwarding to `targetPort`.
    init(targetPort: UInt16) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket failed: errno \(errno)") }
        var address = ProxyState.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw TestFailure("bind or listen failed: errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        let state = ProxyState(listenFD: fd, targetPort: targetPort)
        self.state = state
        Thread.detachNewThread { state.acceptLoop() }
    }

    deinit {
        // Wakes the accept loop, which then closes the listening socket.
        shutdown(state.listenFD, Int32(SHUT_RDWR))
        cutConnections()
    }

    /// Connections accepted so far.
    var connectionCount: Int { state.acceptedCount.load(ordering: .relaxed) }

    /// While true, each new connection is closed at once, as if the server were unreachable.
    var refusesConnections: Bool {
        get { state.refusing.load(ordering: .relaxed) }
        set { state.refusing.store(newValue, ordering: .relaxed) }
    }

    /// Shuts down both sockets of every open connection: the client sees
    /// its connection end, and later connections are forwarded as before.
    func cutConnections() {
        state.openSockets.withLock { sockets in
            for fd in sockets { shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }
}

/// The sockets of a `ConnectionProxy` and the loops that serve them.
private final class ProxyState: Sendable {
    /// Bytes copied per read.
    static let chunkBytes = 64 << 10

    let listenFD: Int32
    let targetPort: UInt16
    /// Both sockets of every forwarded connection not yet closed.
    let openSockets = Mutex<Set<Int32>>([])
    let acceptedCount = Atomic<Int>(0)
    let refusing = Atomic<Bool>(false)

    init(listenFD: Int32, targetPort: UInt16) {
        self.listenFD = listenFD
        self.targetPort = targetPort
    }

    func acceptLoop() {
        while true {
            let client = accept(listenFD, nil, nil)
            guard client >= 0 else {
                if errno == EINTR { continue }
                close(listenFD)
                return
            }
            acceptedCount.add(1, ordering: .relaxed)
            if refusing.load(ordering: .relaxed) {
                close(client)
                continue
            }
            let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(port: targetPort)
            let connected = server >= 0 && withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            } == 0
            guard connected else {
                close(client)
                if server >= 0 { close(server) }
                continue
            }
            openSockets.withLock { $0.formUnion([client, server]) }
            let pair = ForwardedPair(client: client, server: server, state: self)
            Thread.detachNewThread { pair.pump(from: client, to: server) }
            Thread.detachNewThread { pair.pump(from: server, to: client) }
        }
    }

    static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        address.sin_port = port.bigEndian
        return address
    }
}

/// One forwarded connection: the client's socket and the one to the server.
private final class ForwardedPair: Sendable {
    let client: Int32
    let server: Int32
    let state: ProxyState
    let finishedPumps = Atomic<Int>(0)

    init(client: Int32, server: Int32, state: ProxyState) {
        self.client = client
        self.server = server
        self.state = state
    }

    /// Copies one direction until its source ends, then ends both; the
    /// second direction to finish closes the sockets.
    func pump(from source: Int32, to destination: Int32) {
        var buffer = [UInt8](repeating: 0, count: ProxyState.chunkBytes)
        copying: while true {
            let count = buffer.withUnsafeMutableBytes { recv(source, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            var sent = 0
            while sent < count {
                let written = buffer.withUnsafeBytes { bytes in
                    send(destination, bytes.baseAddress.map { $0 + sent }, count - sent, Int32(MSG_NOSIGNAL))
                }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { break copying }
                sent += written
            }
        }
        shutdown(source, Int32(SHUT_RDWR))
        shutdown(destination, Int32(SHUT_RDWR))
        guard finishedPumps.add(1, ordering: .acquiringAndReleasing).newValue == 2 else { return }
        state.openSockets.withLock { sockets in
            sockets.subtract([client, server])
            close(client)
            close(server)
        }
    }
}
