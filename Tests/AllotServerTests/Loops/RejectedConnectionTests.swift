import AllotTestSupport
import AllotWire
import Foundation
import Testing
@testable import AllotServer

/// Connections the real allot-server rejects at `--max-connections`. Each must
/// read the RESOURCE_EXHAUSTED status and then a clean end of stream, even when
/// it wrote before reading. A flood of them must not cost the server its
/// descriptors or its admitted connections.
@Suite(.serialized) struct RejectedConnectionTests {
    /// Rejected connections opened in a row by the status test. Whether the
    /// client's input reaches the server before the rejection is a race, so one
    /// connection alone would pass by chance against a server that closes at once.
    static let attemptCount = 20

    /// Bytes a client writes before it reads: a Hello frame and then pipelined
    /// echo calls, a few KiB in all, as a client that does not wait for the
    /// Hello reply sends them.
    static func helloAndPipelinedCalls(_ credentials: TestCredentials) throws -> [UInt8] {
        let hello = Wire.Hello(protocolVersion: 1, accountSID: credentials.accountSID, secret: credentials.secret, clientName: "allot-server-tests")
        var bytes = try TestClient.framed(Wire.ClientFrame(callID: 1, request: .hello(hello)))
        for index in 0..<8 {
            let echo = Wire.Echo(payload: [UInt8](repeating: UInt8(index), count: 512))
            bytes += try TestClient.framed(Wire.ClientFrame(callID: 2 + UInt64(index), request: .echo(echo)))
        }
        return bytes
    }

    /// Decodes every whole frame in `bytes`.
    static func decodeFrames(_ bytes: [UInt8]) throws -> [Wire.ServerFrame] {
        var decoder = FrameDecoder(maximumFrameBytes: WireLimits.maximumConfigurableFrameBytes)
        decoder.append(bytes)
        var frames: [Wire.ServerFrame] = []
        while let frame = try decoder.nextFrame() {
            frames.append(try Wire.ServerFrame(serializedBytes: frame.payload))
        }
        return frames
    }

    @Test func rejectedClientReadsStatusDespiteUnreadInput() throws {
        let server = try ServerProcess(extraArguments: ["--max-connections", "1"])
        let admitted = try TestClient(port: server.port)
        #expect(try admitted.hello(server.credentials).status?.code == .ok)
        let input = try Self.helloAndPipelinedCalls(server.credentials)
        #expect(input.count > 4_096)

        for attempt in 0..<Self.attemptCount {
            let rejected = try TestClient(port: server.port)
            do {
                try rejected.send(input)
            } catch {
                Issue.record("attempt \(attempt): writing before reading failed: \(error)")
            }
            let (bytes, end) = try rejected.readUntilEnd()
            #expect(end == .endOfStream, "attempt \(attempt)")
            let frames = try Self.decodeFrames(bytes)
            #expect(frames.count == 1, "attempt \(attempt): \(bytes.count) bytes")
            #expect(frames.first?.callID == 0, "attempt \(attempt)")
            #expect(frames.first?.status?.code == .resourceExhausted, "attempt \(attempt)")
            #expect(frames.first?.status?.message.contains("the server has 1 connections open, its limit") == true, "attempt \(attempt)")
        }

        #expect(try admitted.echo([1]).status?.code == .ok)
        #expect(server.waitForLog(containing: "msg=\"connections rejected at the limit\""))
        #expect(try server.metricsText().contains("allot_connections_rejected_total \(Self.attemptCount)\n"))
    }

    @Test func rejectionFloodPastLingerBoundIsClosed() throws {
        let server = try ServerProcess(extraArguments: ["--max-connections", "1"])
        let admitted = try TestClient(port: server.port)
        #expect(try admitted.hello(server.credentials).status?.code == .ok)
        let baselineCount = try server.openDescriptorCount()
        let input = try Self.helloAndPipelinedCalls(server.credentials)

        // Every client writes and then keeps its socket open, so a rejected
        // connection ends only when the server closes it.
        let floodCount = ServerLimits.maximumLingeringRejections + 64
        var clients: [TestClient] = []
        for _ in 0..<floodCount {
            let client = try TestClient(port: server.port)
            // Past the bound the server may reset the connection before it takes all of the input.
            _ = client.sendWithoutBlocking(input)
            clients.append(client)
        }

        // The first connections up to the bound linger, so at least those read
        // the status cleanly. The rest may be reset.
        var cleanCount = 0
        for client in clients {
            let (bytes, end) = try client.readUntilEnd()
            let frames = try Self.decodeFrames(bytes)
            if end == .endOfStream && frames.count == 1 && frames[0].status?.code == .resourceExhausted {
                cleanCount += 1
            }
        }
        #expect(cleanCount >= ServerLimits.maximumLingeringRejections)
        #expect(server.waitForOpenDescriptorCount(atMost: baselineCount))
        #expect(try admitted.echo([2]).status?.code == .ok)
        #expect(try server.metricsText().contains("allot_connections_rejected_total \(floodCount)\n"))
    }
}

extension ServerProcess {
    /// Returns the number of file descriptors the server process has open.
    func openDescriptorCount() throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/\(processIdentifier)/fd").count
    }

    /// Waits until the server has at most `count` descriptors open, and returns false on timeout.
    func waitForOpenDescriptorCount(atMost count: Int) -> Bool {
        let deadline = Date().addingTimeInterval(Self.startupWaitSeconds)
        while Date() < deadline {
            if let open = try? openDescriptorCount(), open <= count { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return false
    }
}
