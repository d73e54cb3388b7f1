@testable import AllotBench
import AllotClient
import Foundation
import Testing

struct ServerTargetTests {
    /// Listens on a free loopback port and never accepts: the kernel still
    /// completes the TCP handshake, so a client connects and hears nothing.
    private func silentListener() throws -> (descriptor: Int32, port: UInt16) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(descriptor >= 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        try #require(bound == 0)
        try #require(listen(descriptor, 8) == 0)
        let named = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        try #require(named == 0)
        return (descriptor, UInt16(bigEndian: address.sin_port))
    }

    @Test func silentServerTimesOutNamingAddress() async throws {
        let listener = try silentListener()
        defer { close(listener.descriptor) }
        var target = ServerTarget(address: ServerAddress(host: "127.0.0.1", port: listener.port),
                                  credentials: AllotCredentials(accountSID: "AC00000000000000000000000000000000", secret: "x"),
                                  credentialsPath: "unused")
        target.connectTimeout = .milliseconds(300)
        do {
            let connection = try await target.connect()
            connection.close()
            Issue.record("connected to a port that never replies")
        } catch {
            #expect(error.code == .deadlineExceeded)
            #expect(error.message.contains("127.0.0.1:\(listener.port)"))
            #expect(error.message.contains("--connect-timeout"))
        }
    }

    @Test func connectTimeoutOptionParses() throws {
        guard case .run(let options) = try BenchArguments.parse(["--scenario", "echo", "--connect-timeout", "2s"]) else {
            Issue.record("parsed as the help request")
            return
        }
        #expect(options.connectTimeout == .seconds(2))
        #expect(BenchOptions().connectTimeout == BenchOptions.defaultConnectTimeout)
    }

    @Test func missingCredentialsIsUsageError() {
        let path = "/nonexistent/credentials.json"
        do {
            _ = try BenchRunner.loadCredentials(path)
            Issue.record("loaded credentials from a missing file")
        } catch {
            #expect(error.isUsageError)
            #expect(error.message.contains("'\(path)' does not exist"))
            #expect(error.message.contains("--data-dir"))
            #expect(error.message.components(separatedBy: path).count == 2, "the path appears once: \(error.message)")
        }
    }
}
