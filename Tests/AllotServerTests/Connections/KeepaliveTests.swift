import AllotTestSupport
import Foundation
import Glibc
import Testing

/// TCP keepalive on accepted connections, as the kernel's socket table shows it for the
/// server's end of each connection.
@Suite struct KeepaliveTests {
    @Test func idleConnectionIsProbed() throws {
        let server = try ServerProcess(extraArguments: ["--keepalive-idle-seconds", "30"])
        let client = try TestClient(port: server.port)
        #expect(try client.hello(server.credentials).status?.code == .ok)

        let timer = try TCPSocketTimer.read(localPort: server.port, remotePort: try Self.localPort(of: client.fd))
        #expect(timer.kind == TCPSocketTimer.keepaliveKind)
        // Linux's own default waits two hours; a slow test run may already be probing.
        #expect(timer.hundredthsLeft <= 3_000, "keepalive fires in \(timer.hundredthsLeft) hundredths of a second")
    }

    @Test func zeroTurnsProbingOff() throws {
        let server = try ServerProcess(extraArguments: ["--keepalive-idle-seconds", "0"])
        let client = try TestClient(port: server.port)
        #expect(try client.hello(server.credentials).status?.code == .ok)

        let timer = try TCPSocketTimer.read(localPort: server.port, remotePort: try Self.localPort(of: client.fd))
        #expect(timer.kind == TCPSocketTimer.noTimerKind)
    }

    static func localPort(of fd: Int32) throws -> UInt16 {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0 else { throw TestFailure("getsockname failed: errno \(errno)") }
        return UInt16(bigEndian: address.sin_port)
    }
}
