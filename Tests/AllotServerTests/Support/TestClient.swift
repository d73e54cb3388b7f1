import AllotTestSupport
import AllotWire
import Foundation
import Glibc

/// A blocking protocol client for tests, built on plain sockets so that it
/// can also send bytes no real client would.
final class TestClient {
    /// Maximum wait for a frame; a guard against hangs, not a speed check.
    static let readWaitSeconds = 60.0

    let fd: Int32
    private var decoder = FrameDecoder(maximumFrameBytes: WireLimits.maximumConfigurableFrameBytes)
    private var nextCallID: UInt64 = 100
    /// True when the last frame read arrived compressed.
    private(set) var lastFrameWasCompressed = false

    /// Connects to 127.0.0.1:`port`; `receiveBufferBytes` shrinks the
    /// socket's receive buffer, which turns off the kernel's autotuning.
    init(port: UInt16, receiveBufferBytes: Int32? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket failed: errno \(errno)") }
        if var size = receiveBufferBytes {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(fd)
            throw TestFailure("connect to port \(port) failed: errno \(code)")
        }
    }

    deinit {
        Glibc.close(fd)
    }

    func makeCallID() -> UInt64 {
        nextCallID += 1
        return nextCallID
    }

    /// Sends all of `bytes`, blocking while the socket is full.
    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw TestFailure("send failed: errno \(errno)") }
            offset += count
        }
    }

    /// True while the connection is open and nothing has arrived on it.
    func isOpenWithNothingToRead() -> Bool {
        var byte: UInt8 = 0
        let count = recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        return count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
    }

    /// Sends what the socket takes without blocking; returns the bytes sent.
    func sendWithoutBlocking(_ bytes: [UInt8]) -> Int {
        let count = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        return max(0, count)
    }

    static func framed(_ frame: Wire.ClientFrame) throws -> [UInt8] {
        var output: [UInt8] = []
        try FrameEncoder().appendFrame(payload: frame.serializedBytes(), to: &output)
        return output
    }

    func send(_ frame: Wire.ClientFrame) throws {
        try send(Self.framed(frame))
    }

    /// Returns the next frame, or nil when the server closed the connection.
    func readFrame(waitSeconds: Double = readWaitSeconds) throws -> Wire.ServerFrame? {
        let deadline = Date().addingTimeInterval(waitSeconds)
        while true {
            if let frame = try decoder.nextFrame() {
                lastFrameWasCompressed = frame.wasCompressed
                return try Wire.ServerFrame(serializedBytes: frame.payload)
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw TestFailure("no frame from the server within \(waitSeconds) s") }
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, Int32(remaining * 1_000) + 1) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 65_536)
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count == 0 { return nil }
            if count < 0 {
                if errno == ECONNRESET { return nil }
                throw TestFailure("recv failed: errno \(errno)")
            }
            decoder.append(Array(buffer[0..<count]))
        }
    }

    /// Reads raw bytes until the peer closes the connection, by FIN or by reset.
    func readAllRaw() throws -> [UInt8] {
        try readUntilEnd().bytes
    }

    /// How the server ended a connection.
    enum StreamEnd: Equatable {
        /// The server closed its sending side with FIN.
        case endOfStream
        /// The kernel reported a reset, which drops any output not yet read.
        case reset
    }

    /// Reads raw bytes until the server ends the connection, and returns them
    /// with how it ended. Unlike `readAllRaw`, a reset is not taken for a clean close.
    func readUntilEnd() throws -> (bytes: [UInt8], end: StreamEnd) {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let deadline = Date().addingTimeInterval(Self.readWaitSeconds)
        while deadline.timeIntervalSinceNow > 0 {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 1_000) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                bytes += buffer[0..<count]
                continue
            }
            if count == 0 { return (bytes, .endOfStream) }
            if errno == ECONNRESET { return (bytes, .reset) }
            throw TestFailure("recv failed: errno \(errno)")
        }
        throw TestFailure("the peer did not close the connection within \(Self.readWaitSeconds) s")
    }

    /// Reads frames until the server closes the connection.
    func readUntilClosed() throws -> [Wire.ServerFrame] {
        var frames: [Wire.ServerFrame] = []
        while let frame = try readFrame() {
            frames.append(frame)
        }
        return frames
    }

    /// Sends a call and returns its reply.
    func call(_ request: Wire.ClientFrame.Request, deadline: UInt64 = 0) throws -> Wire.ServerFrame {
        let callID = makeCallID()
        try send(Wire.ClientFrame(callID: callID, deadlineUnixMilliseconds: deadline, request: request))
        guard let reply = try readFrame() else { throw TestFailure("the server closed the connection instead of answering call \(callID)") }
        return reply
    }

    func hello(_ credentials: TestCredentials, acceptsCompression: Bool = false) throws -> Wire.ServerFrame {
        try call(.hello(Wire.Hello(protocolVersion: 1, accountSID: credentials.accountSID, secret: credentials.secret, clientName: "allot-server-tests", acceptsCompression: acceptsCompression)))
    }

    func echo(_ payload: [UInt8], deadline: UInt64 = 0) throws -> Wire.ServerFrame {
        try call(.echo(Wire.Echo(payload: payload)), deadline: deadline)
    }

    func shutdownWrite() {
        shutdown(fd, Int32(SHUT_WR))
    }
}

extension ServerProcess {
    /// Opens a new connection, authenticates and echoes; throws unless both succeed.
    func checkStillServes() throws {
        let client = try TestClient(port: port)
        let hello = try client.hello(credentials)
        guard hello.status?.code == .ok else { throw TestFailure("hello on a fresh connection failed: \(hello)") }
        let echo = try client.echo(Array("still serving".utf8))
        guard echo.response == .echo(Wire.EchoReply(payload: Array("still serving".utf8))) else {
            throw TestFailure("echo on a fresh connection failed: \(echo)")
        }
    }
}
