import Foundation

/// A blocking client connection to beanstalkd's text protocol, enough for
/// put, reserve and delete. Every socket call's failure becomes a
/// `BenchFailure` naming the call and errno.
final class BeanstalkdConnection {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var readOffset = 0

    /// Largest reply line accepted, in bytes; beanstalkd's replies to these
    /// commands are a few dozen bytes.
    static let maximumLineBytes = 4_096
    /// Bytes read per receive call.
    static let receiveChunkBytes = 64 << 10

    /// Connects to an IPv4 `host` (a dotted address such as 127.0.0.1).
    init(host: String, port: UInt16) throws(BenchFailure) {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw BenchFailure("--server host '\(host)' is not an IPv4 address; beanstalkd runs on 127.0.0.1 in tools/bench-peers")
        }
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw BenchFailure("socket failed: \(String(cString: strerror(errno)))") }
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let message = String(cString: strerror(errno))
            close(socketDescriptor)
            throw BenchFailure("connect to beanstalkd at \(host):\(port) failed: \(message)")
        }
        var noDelay: Int32 = 1
        _ = setsockopt(socketDescriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        descriptor = socketDescriptor
    }

    deinit {
        close(descriptor)
    }

    /// Sends every byte of `bytes`.
    func send(_ bytes: [UInt8]) throws(BenchFailure) {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { raw in
                guard let base = raw.baseAddress else { preconditionFailure("a non-empty array has a base address") }
                return Foundation.send(descriptor, base + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw BenchFailure("send to beanstalkd failed: \(String(cString: strerror(errno)))") }
            sent += count
        }
    }

    /// Reads one reply line without its CRLF.
    func readLine() throws(BenchFailure) -> String {
        while true {
            if let end = lineEnd() {
                let line = String(decoding: buffer[readOffset..<end], as: UTF8.self)
                readOffset = end + 2
                compact()
                return line
            }
            guard buffer.count - readOffset <= Self.maximumLineBytes else {
                throw BenchFailure("beanstalkd sent a line longer than \(Self.maximumLineBytes) bytes")
            }
            try receive()
        }
    }

    /// Reads and drops a job body of `count` bytes and its CRLF.
    func skipBody(_ count: Int) throws(BenchFailure) {
        while buffer.count - readOffset < count + 2 {
            try receive()
        }
        readOffset += count + 2
        compact()
    }

    private func lineEnd() -> Int? {
        var index = readOffset
        while index + 1 < buffer.count {
            if buffer[index] == 13 && buffer[index + 1] == 10 { return index }
            index += 1
        }
        return nil
    }

    private func receive() throws(BenchFailure) {
        var chunk = [UInt8](repeating: 0, count: Self.receiveChunkBytes)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                throw BenchFailure(count == 0 ? "beanstalkd closed the connection" : "recv from beanstalkd failed: \(String(cString: strerror(errno)))")
            }
            buffer.append(contentsOf: chunk[0..<count])
            return
        }
    }

    private func compact() {
        if readOffset > Self.receiveChunkBytes || readOffset == buffer.count {
            buffer.removeFirst(readOffset)
            readOffset = 0
        }
    }
}
