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

    /// Fields written past the first capacity, and a string longer than twice the storage,
    /// keep every byte written before them.
    @Test(arguments: [0, 16, 512])
    func growthKeepsEarlierFields(capacity: Int) {
        var writer = ProtobufWriter(capacity: capacity)
        var expected: [UInt8] = []
        for index in 1...300 {
            writer.writeUInt64(1, UInt64(index) << 20)
            expected += [0x08] + Self.varint(UInt64(index) << 20)
        }
        let long = String(repeating: "z", count: 10_000)
        writer.writeString(2, long)
        expected += [0x12] + Self.varint(10_000) + Array(long.utf8)
        writer.writeBool(3, true)
        expected += [0x18, 0x01]
        #expect(writer.count == expected.count)
        #expect(writer.bytes == expected)
    }

    @Test func takeBytesEmptiesWriter() {
        var writer = ProtobufWriter(capacity: 64)
        writer.writeString(1, "abc")
        #expect(writer.takeBytes() == [0x0A, 0x03, 0x61, 0x62, 0x63])
        #expect(writer.count == 0)
        #expect(writer.bytes.isEmpty)
        writer.writeUInt64(2, 1)
        #expect(writer.takeBytes() == [0x10, 0x01])
    }

    /// A message taken from another writer, and the bytes appended from one, are the bytes
    /// that writer wrote, also after it was emptied and written again.
    @Test func writerAsMessageMatchesItsBytes() {
        var inner = ProtobufWriter(capacity: 16)
        inner.writeString(1, String(repeating: "q", count: 200))
        inner.removeAll()
        inner.writeString(1, "short")
        var fromWriter = ProtobufWriter()
        fromWriter.writeMessage(7, inner)
        var fromBytes = ProtobufWriter()
        fromBytes.writeMessage(7, inner.bytes)
        #expect(fromWriter.bytes == fromBytes.bytes)

        var output: [UInt8] = [0xFF]
        inner.appendBytes(to: &output)
        #expect(output == [0xFF] + inner.bytes)
    }

    private static func varint(_ value: UInt64) -> [UInt8] {
        var bytes: [UInt8] = []
        var remaining = value
        while remaining >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        bytes.append(UInt8(remaining))
        return bytes
    }
}
