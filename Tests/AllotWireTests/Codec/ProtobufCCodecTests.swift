import AllotWire
import Testing

@Suite struct ProtobufCCodecTests {
    @Test func emptyBytesDecodeToDefaults() throws {
        let frame = try Wire.ClientFrame(serializedBytes: [UInt8]())
        #expect(frame == Wire.ClientFrame())
    }

    @Test func malformedBytesThrowNamingTheMessage() {
        // Field 1 as a length-delimited record whose length runs past the end.
        let bytes: [UInt8] = [0x0A, 0x7F, 0x01]
        #expect(throws: WireCodecError.malformedMessage(message: "allot.v1.ClientFrame", byteCount: 3)) {
            try Wire.ClientFrame(serializedBytes: bytes)
        }
    }

    @Test func stringWithNULIsRejected() {
        let hello = Wire.Hello(clientName: "a\u{0}b")
        #expect(throws: WireCodecError.stringContainsNUL(field: "Hello.client_name")) {
            try hello.serializedBytes()
        }
    }

    @Test(arguments: ["\u{0}", "abc\u{0}", String(repeating: "x", count: 300) + "\u{0}"])
    func stringWithNULAtAnyOffsetIsRejected(name: String) {
        let hello = Wire.Hello(clientName: name)
        #expect(throws: WireCodecError.stringContainsNUL(field: "Hello.client_name")) {
            try hello.serializedBytes()
        }
    }

    @Test(arguments: ["", "a", String(repeating: "é", count: 300)])
    func stringsRoundTripWhole(name: String) throws {
        let hello = Wire.Hello(clientName: name)
        let decoded = try Wire.Hello(serializedBytes: hello.serializedBytes())
        #expect(decoded.clientName == name)
    }

    @Test func unknownRequestFieldIsReported() throws {
        // call_id = 7, then field 999 (varint) = 1: a request this version lacks.
        let bytes: [UInt8] = [0x08, 0x07, 0xB8, 0x3E, 0x01]
        let (frame, unknown) = try bytes.withUnsafeBytes { buffer in
            try Wire.ClientFrame.decodeReportingUnknownFields(buffer)
        }
        #expect(frame.callID == 7)
        #expect(frame.request == nil)
        #expect(unknown == [999])
    }

    /// Decoding repairs invalid UTF-8 (below), so a server finds it in the
    /// encoded frame: a lone 0xFF in Hello.client_name (frame field 10, hello 4).
    @Test func invalidUTF8IsFoundInTheEncodedFrame() throws {
        let hello: [UInt8] = [0x22, 0x03, 0x41, 0xFF, 0x41]
        let frame: [UInt8] = [0x08, 0x01, 0x52, UInt8(hello.count)] + hello
        let fault = frame.withUnsafeBytes { Wire.ClientFrame.stringFieldFault(in: $0) }
        #expect(fault == .stringNotUTF8(field: "Hello.client_name", byteOffset: 1, byte: 0xFF))
        #expect(fault?.stringField == "Hello.client_name")
        var valid = frame
        valid.replaceSubrange(6...8, with: [0xC3, 0xA9, 0x41])
        #expect(valid.withUnsafeBytes { Wire.ClientFrame.stringFieldFault(in: $0) } == nil)
        var ascii = frame
        ascii[7] = 0x41
        #expect(ascii.withUnsafeBytes { Wire.ClientFrame.stringFieldFault(in: $0) } == nil)
    }

    @Test func invalidUTF8IsRepaired() throws {
        // Hello.client_name (field 4) = 0xFF 0x41.
        let bytes: [UInt8] = [0x22, 0x02, 0xFF, 0x41]
        let hello = try Wire.Hello(serializedBytes: bytes)
        #expect(hello.clientName == "\u{FFFD}A")
    }
}

@Suite struct ProtobufCFieldsTests {
    /// An empty string in a oneof is sent and decodes as set and empty, next to set and unset fields.
    @Test func emptyOneofStringDecodesAsEmpty() throws {
        let message = Wire.JournalCreateTask(workspaceSID: "WS1", attributes: "", taskChannel: "voice", routingTarget: "x")
        let decoded = try Wire.JournalCreateTask(serializedBytes: message.serializedBytes())
        #expect(decoded.attributes == "")
        #expect(decoded.taskChannel == "voice")
        #expect(decoded.routingTarget == "x")
        #expect(decoded.workflowSID == nil)
        #expect(decoded.workspaceSID == "WS1")
    }
}
