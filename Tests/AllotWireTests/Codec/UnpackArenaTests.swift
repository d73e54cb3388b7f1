import AllotWire
import Testing

@Suite struct UnpackArenaTests {
    /// Frames that fit the arena's block, and two that need malloc: a 40 KB string and a
    /// 100 KB bytes field.
    static let frames: [Wire.ClientFrame] = [
        Wire.ClientFrame.sample(),
        Wire.ClientFrame(callID: 2, request: .createTask(Wire.CreateTaskRequest(
            workspaceSID: "WS1", attributes: #"{"type": "support"}"#, priority: 0, workflowSID: "WW1"))),
        Wire.ClientFrame(callID: 3, request: .createTask(Wire.CreateTaskRequest(
            workspaceSID: "WS1", attributes: String(repeating: "a", count: 40_000)))),
        Wire.ClientFrame(callID: 4, request: .echo(Wire.Echo(payload: [UInt8](repeating: 7, count: 100_000)))),
        Wire.ClientFrame(callID: 5, request: .updateWorker(Wire.UpdateWorkerRequest(workspaceSID: "WS1", friendlyName: "", ifMatchVersion: 0))),
        Wire.ClientFrame(),
    ]

    @Test func arenaDecodeMatchesMallocDecode() throws {
        let arena = UnpackArena()
        // Twice through, so that every frame is also decoded after a larger one.
        for frame in Self.frames + Self.frames {
            let bytes = try frame.serializedBytes()
            let decoded = try bytes.withUnsafeBytes { try Wire.ClientFrame.decodeReportingUnknownFields($0, arena: arena) }
            let expected = try bytes.withUnsafeBytes { try Wire.ClientFrame.decodeReportingUnknownFields($0) }
            #expect(decoded.frame == frame)
            #expect(decoded.frame == expected.frame)
            #expect(decoded.unknownFieldNumbers.isEmpty)
        }
    }

    @Test func arenaReportsUnknownFields() throws {
        // call_id = 7, then field 999 (varint) = 1: a request this version lacks.
        let bytes: [UInt8] = [0x08, 0x07, 0xB8, 0x3E, 0x01]
        let (frame, unknown) = try bytes.withUnsafeBytes { try Wire.ClientFrame.decodeReportingUnknownFields($0, arena: UnpackArena()) }
        #expect(frame.callID == 7)
        #expect(frame.request == nil)
        #expect(unknown == [999])
    }

    @Test func arenaDecodesAfterMalformedFrame() throws {
        let arena = UnpackArena()
        // A 40 KB string whose last byte is cut off, which protobuf-c rejects. The arena
        // must take the next frame all the same.
        var truncated = try Self.frames[2].serializedBytes()
        truncated.removeLast()
        #expect(throws: WireCodecError.malformedMessage(message: "allot.v1.ClientFrame", byteCount: truncated.count)) {
            try truncated.withUnsafeBytes { try Wire.ClientFrame.decodeReportingUnknownFields($0, arena: arena) }
        }
        let bytes = try Self.frames[1].serializedBytes()
        let decoded = try bytes.withUnsafeBytes { try Wire.ClientFrame.decodeReportingUnknownFields($0, arena: arena) }
        #expect(decoded.frame == Self.frames[1])
    }
}
