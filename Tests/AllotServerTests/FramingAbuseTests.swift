import AllotTestSupport
import AllotWire
import Foundation
import Testing

/// Malformed byte streams, against the real allot-server process.
@Suite(.serialized) struct FramingAbuseTests {
    @Test func randomBytesCloseTheConnection() throws {
        let server = try ServerProcess()
        var generator = SeededGenerator(seed: 20_240_601)
        for _ in 0..<5 {
            let client = try TestClient(port: server.port)
            let noise = (0..<4_096).map { _ in UInt8.random(in: 0...255, using: &generator) }
            try client.send(noise)
            let frames = try client.readUntilClosed()
            #expect(frames.allSatisfy { $0.status?.code != .ok })
            #expect(frames.allSatisfy { $0.response == nil })
        }
        try server.checkStillServes()
    }

    @Test func lengthOverLimitIsRejectedFromHeader() throws {
        let server = try ServerProcess()
        let client = try TestClient(port: server.port)
        let length = UInt32(WireLimits.defaultMaximumFrameBytes + 1)
        try client.send([0, UInt8(length >> 24), UInt8((length >> 16) & 0xFF), UInt8((length >> 8) & 0xFF), UInt8(length & 0xFF)])
        let frame = try #require(try client.readFrame())
        #expect(frame.callID == 0)
        #expect(frame.status?.code == .resourceExhausted)
        #expect(frame.status?.message.contains("\(length)") == true)
        #expect(try client.readFrame() == nil)
        try server.checkStillServes()
    }

    @Test func reservedFlagIsRejected() throws {
        let server = try ServerProcess()
        let client = try TestClient(port: server.port)
        try client.send([0x80, 0, 0, 0, 0])
        let frame = try #require(try client.readFrame())
        #expect(frame.status?.code == .invalidArgument)
        #expect(try client.readFrame() == nil)
        try server.checkStillServes()
    }

    @Test func frameCutOffThenClosed() throws {
        let server = try ServerProcess()
        do {
            let client = try TestClient(port: server.port)
            #expect(try client.hello(server.credentials).status?.code == .ok)
            let framed = try TestClient.framed(Wire.ClientFrame(callID: 3, request: .echo(Wire.Echo(payload: [UInt8](repeating: 1, count: 100)))))
            try client.send(Array(framed.prefix(framed.count / 2)))
            client.shutdownWrite()
            #expect(try client.readFrame() == nil)
        }
        #expect(server.waitForLog(containing: "reason=\"peer closed the connection in the middle of a frame\""))
        try server.checkStillServes()
    }

    @Test func undecodablePayloadAfterHelloKeepsConnection() throws {
        let server = try ServerProcess()
        let client = try TestClient(port: server.port)
        #expect(try client.hello(server.credentials).status?.code == .ok)
        // A length-delimited field whose length runs past the payload.
        try client.send([0, 0, 0, 0, 3, 0x0A, 0x7F, 0x01])
        let frame = try #require(try client.readFrame())
        #expect(frame.callID == 0)
        #expect(frame.status?.code == .invalidArgument)
        #expect(try client.echo([5]).status?.code == .ok)
    }
}
