import Testing

@testable import AllotWire

@Suite struct ProtobufWriterTests {
    /// A nested message's length goes before it with as many bytes as its varint needs, the
    /// same bytes as writing the finished message with its length.
    @Test(arguments: [0, 1, 125, 126, 127, 128, 16_381, 16_382, 16_383, 16_384, 2_097_152])
    func nestedMessageLengthMatchesWrittenMessage(stringBytes: Int) throws {
        let text = String(repeating: "x", count: stringBytes)
        var inner = ProtobufWriter()
        inner.writeString(1, text)
        var expected = ProtobufWriter()
        expected.writeUInt64(1, 300)
        expected.writeMessage(5, inner.bytes)
        expected.writeUInt64(6, 1)

        var nested = ProtobufWriter()
        nested.writeUInt64(1, 300)
        try nested.writeMessage(5) { (writer: inout ProtobufWriter) throws(WireCodecError) in
            try writer.writeString(1, text, name: "Test.text")
        }
        nested.writeUInt64(6, 1)
        #expect(nested.bytes == expected.bytes)
    }

    @Test func nestedMessagesInsideNestedMessages() throws {
        var innermost = ProtobufWriter()
        innermost.writeString(2, String(repeating: "y", count: 200))
        var middle = ProtobufWriter()
        middle.writeMessage(3, innermost.bytes)
        var expected = ProtobufWriter()
        expected.writeMessage(4, middle.bytes)

        var nested = ProtobufWriter()
        nested.writeMessage(4) { (outer: inout ProtobufWriter) in
            outer.writeMessage(3) { (inner: inout ProtobufWriter) in
                inner.writeString(2, String(repeating: "y", count: 200))
            }
        }
        #expect(nested.bytes == expected.bytes)
    }

    @Test func checkedStringRejectsNULAnywhere() {
        for text in ["\u{0}", "ab\u{0}", String(repeating: "é", count: 50) + "\u{0}z"] {
            var writer = ProtobufWriter()
            #expect(throws: WireCodecError.stringContainsNUL(field: "Test.text")) {
                try writer.writeOneofString(1, text, name: "Test.text")
            }
        }
    }

    @Test func emptyStringWrittenOnlyInOneof() throws {
        var writer = ProtobufWriter()
        try writer.writeString(1, "", name: "Test.text")
        #expect(writer.bytes.isEmpty)
        try writer.writeOneofString(1, "", name: "Test.text")
        #expect(writer.bytes == [0x0A, 0x00])
    }
}
