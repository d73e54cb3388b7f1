import AllotTestSupport
import AllotWire
import Foundation
import Glibc
import Synchronization
import Testing

/// Clients that push the server's limits, against the real allot-server process.
@Suite(.serialized) struct LoadTests {
    /// Echo payload of the flood tests: large enough that a few thousand
    /// replies overflow every kernel socket buffer on loopback.
    static let payloadBytes = 16 << 10

    static func echoFrames(count: Int, firstCallID: UInt64) throws -> [UInt8] {
        let payload = [UInt8](repeating: 0x5A, count: payloadBytes)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count * (payloadBytes + 16))
        for offset in 0..<count {
            bytes += try TestClient.framed(Wire.ClientFrame(callID: firstCallID + UInt64(offset), request: .echo(Wire.Echo(payload: payload))))
        }
        return bytes
    }

    @Test func floodPastInFlightLimitIsRejected() throws {
        let server = try ServerProcess(extraArguments: ["--max-calls-in-flight", "8", "--max-output-bytes", "\(1 << 30)"])
        let client = try TestClient(port: server.port, receiveBufferBytes: 65_536)
        #expect(try client.hello(server.credentials).status?.code == .ok)
        let callCount = 2_000
        let bytes = try Self.echoFrames(count: callCount, firstCallID: 1_000)
        // Sending everything before reading leaves the replies queued in the server.
        try client.send(bytes)

        var answered = Set<UInt64>()
        var okCount = 0
        var exhaustedCount = 0
        for _ in 0..<callCount {
            let reply = try #require(try client.readFrame())
            #expect(answered.insert(reply.callID).inserted, "call \(reply.callID) answered twice")
            switch reply.status?.code {
            case .ok?:
                okCount += 1
                #expect(reply.response == .echo(Wire.EchoReply(payload: [UInt8](repeating: 0x5A, count: Self.payloadBytes))))
            case .resourceExhausted?:
                exhaustedCount += 1
                #expect(reply.status?.message.contains("limit is 8") == true)
            default:
                Issue.record("unexpected reply \(reply.status.map { "\($0)" } ?? "without status")")
            }
        }
        #expect(answered == Set((0..<UInt64(callCount)).map { $0 + 1_000 }))
        #expect(okCount >= 8)
        #expect(exhaustedCount > 0)
        try server.checkStillServes()
    }

    @Test func clientThatNeverReadsDoesNotBlockOthers() throws {
        let server = try ServerProcess()
        let stalled = try TestClient(port: server.port, receiveBufferBytes: 65_536)
        #expect(try stalled.hello(server.credentials).status?.code == .ok)
        let callCount = 4_000
        let bytes = try Self.echoFrames(count: callCount, firstCallID: 1)
        let sentAll = DispatchSemaphore(value: 0)
        let sender = UncheckedBox(stalled)
        Thread.detachNewThread {
            // Blocks once the server stops reading this client.
            try? sender.value.send(bytes)
            sentAll.signal()
        }
        // 64 MiB of replies exceed the output limit and every socket buffer,
        // so the sender is now stuck while the server serves others.
        #expect(sentAll.wait(timeout: .now() + 2) == .timedOut)
        for _ in 0..<3 {
            try server.checkStillServes()
        }

        // Reading resumes the stalled client, and every call gets a reply.
        var answered = 0
        while answered < callCount {
            let reply = try #require(try stalled.readFrame())
            #expect(reply.status?.code == .ok || reply.status?.code == .resourceExhausted)
            answered += 1
        }
        #expect(sentAll.wait(timeout: .now() + 60) == .success)
    }

    @Test func thousandConnectionsOpenedAndDropped() throws {
        let server = try ServerProcess()
        var clients: [TestClient] = []
        for index in 0..<1_000 {
            let client = try TestClient(port: server.port)
            if index % 10 == 0 {
                #expect(try client.hello(server.credentials).status?.code == .ok)
            }
            clients.append(client)
        }
        clients.removeAll()
        #expect(server.waitForLogCount(containing: "msg=\"connection closed\"", atLeast: 1_000))
        try server.checkStillServes()
        #expect(server.isRunning)
    }
}

/// Hands a non-Sendable test object to one other thread that alone uses it
/// until the test joins it.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value

    init(_ value: Value) {
        self.value = value
    }
}
