import Foundation
import Glibc
import Testing
@testable import AllotServer

/// A stopped server, and a closed mailbox, hold no descriptor of their own.
@Suite(.serialized) struct DescriptorLeakTests {
    /// Servers started and stopped by the test.
    static let serverCount = 12
    /// I/O threads per server. Each opens an eventfd and an epoll descriptor.
    static let ioThreadCount = 4

    /// Counts this process's open eventfd and epoll descriptors, which
    /// servers open and ordinary files and sockets of other tests do not.
    static func countEventDescriptors() throws -> Int {
        let names = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")
        return names.filter { name in
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + name)) ?? ""
            return target == "anon_inode:[eventfd]" || target == "anon_inode:[eventpoll]"
        }.count
    }

    @Test func stoppedServersCloseTheirEventDescriptors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("allot-descriptors-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let before = try Self.countEventDescriptors()
        // The servers are kept until the count, as a test or an embedding program may keep them.
        var servers: [Server] = []
        for index in 0..<Self.serverCount {
            var configuration = ServerConfiguration()
            configuration.listenAddress = try #require(SocketAddress(parsing: "127.0.0.1:0"))
            configuration.metricsAddress = nil
            configuration.dataDirectory = folder + "/\(index)"
            configuration.ioThreadCount = Self.ioThreadCount
            let server = try Server(configuration: configuration, handler: UnwiredEngineHandler(), logger: Logger(minimumLevel: .error))
            server.start()
            let client = try TestClient(port: server.listenAddress.port)
            let credentials = try TestCredentials(path: configuration.dataDirectory + "/credentials.json")
            #expect(try client.hello(credentials).status?.code == .ok)
            server.stop()
            servers.append(server)
        }
        let after = try Self.countEventDescriptors()
        // Each leaking server would keep 2 × ioThreadCount descriptors. Half of all the
        // servers' share leaves room for servers that other suites run meanwhile.
        let leakedIfEveryServerLeaks = Self.serverCount * 2 * Self.ioThreadCount
        #expect(after - before < leakedIfEveryServerLeaks / 2, "\(before) event descriptors before, \(after) after")
        withExtendedLifetime(servers) {}
    }

    /// Returns a loopback port that was free a moment ago, found by binding a socket to port 0 and closing it.
    static func freePort() throws -> UInt16 {
        let probe = try SystemCall.streamSocket(family: AF_INET)
        defer { try? SystemCall.close(probe) }
        try SystemCall.bind(probe, to: try #require(SocketAddress(parsing: "127.0.0.1:0")))
        return try SystemCall.localAddress(probe).port
    }

    /// A server whose metrics port is in use fails to start after its
    /// acceptor bound the client port, and must give that port back.
    @Test func failedStartReleasesListeningPort() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("allot-failed-start-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let metricsListener = try SystemCall.streamSocket(family: AF_INET)
        defer { try? SystemCall.close(metricsListener) }
        try SystemCall.bind(metricsListener, to: try #require(SocketAddress(parsing: "127.0.0.1:0")))
        try SystemCall.listen(metricsListener, backlog: 1)
        let metricsPort = try SystemCall.localAddress(metricsListener).port
        let clientPort = try Self.freePort()
        var configuration = ServerConfiguration()
        configuration.listenAddress = try #require(SocketAddress(parsing: "127.0.0.1:\(clientPort)"))
        configuration.metricsAddress = try #require(SocketAddress(parsing: "127.0.0.1:\(metricsPort)"))
        configuration.dataDirectory = folder
        configuration.ioThreadCount = Self.ioThreadCount
        let before = try Self.countEventDescriptors()
        #expect(throws: StartupError.self) {
            _ = try Server(configuration: configuration, handler: UnwiredEngineHandler(), logger: Logger(minimumLevel: .error))
        }
        let after = try Self.countEventDescriptors()
        #expect(after <= before, "\(before) event descriptors before the failed start, \(after) after")
        let rebinder = try SystemCall.streamSocket(family: AF_INET)
        defer { try? SystemCall.close(rebinder) }
        #expect(throws: Never.self, "the failed server still listens on port \(clientPort)") {
            try SystemCall.bind(rebinder, to: try #require(SocketAddress(parsing: "127.0.0.1:\(clientPort)")))
            try SystemCall.listen(rebinder, backlog: 1)
        }
    }

    /// Returns a pipe as (read end, write end), the read end non-blocking.
    static func makePipe() throws -> (read: Int32, write: Int32) {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        try #require(fcntl(ends[0], F_SETFL, fcntl(ends[0], F_GETFL) | O_NONBLOCK) == 0)
        return (ends[0], ends[1])
    }

    /// Posts after `close` go nowhere: no wake-up of the closed eventfd, whose
    /// number may belong to another file by then, and no connection left open.
    @Test func closedMailboxDiscardsPosts() throws {
        let log = try Self.makePipe()
        defer { Glibc.close(log.read) }
        let mailbox = try Mailbox(logger: Logger(minimumLevel: .debug, fileDescriptor: log.write))
        mailbox.post(.push(connectionID: 1, payload: [1]))
        let unhandled = try Self.makePipe()
        defer { Glibc.close(unhandled.read) }
        mailbox.post(.adopt(fd: unhandled.write, peer: nil))
        mailbox.close()
        mailbox.close()
        let late = try Self.makePipe()
        defer { Glibc.close(late.read) }
        mailbox.post(.adopt(fd: late.write, peer: nil))
        mailbox.post(.push(connectionID: 1, payload: [2]))
        #expect(!mailbox.hasItems)
        #expect(mailbox.takeAll().isEmpty)
        // A read end whose write end is closed reads end of file, not EAGAIN.
        var byte: UInt8 = 0
        #expect(read(unhandled.read, &byte, 1) == 0, "the socket of a connection left in the mailbox stays open")
        #expect(read(late.read, &byte, 1) == 0, "the socket of a connection posted after close stays open")
        Glibc.close(log.write)
        var logged = [UInt8](repeating: 0, count: 4_096)
        let loggedCount = read(log.read, &logged, logged.count)
        #expect(loggedCount <= 0, "\(String(decoding: logged.prefix(max(0, loggedCount)), as: UTF8.self))")
    }
}
