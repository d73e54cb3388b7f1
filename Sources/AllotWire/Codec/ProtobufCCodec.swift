/// The checked path between `Wire` messages and protobuf-c's pack and unpack.
enum ProtobufCCodec {
    /// Encodes `message` through protobuf-c.
    static func serialize<Message: ProtobufCMessage>(_ message: Message) throws(WireCodecError) -> [UInt8] {
        let arena = CArena()
        var c = Message.makeCStruct()
        try message.fill(&c, arena: arena)
        let bytes = try pack(&c, as: Message.self)
        // The struct points into the arena until pack returns.
        withExtendedLifetime(arena) {}
        return bytes
    }

    /// Decodes a `Message` through protobuf-c; every byte of `bytes` must
    /// belong to the message.
    static func deserialize<Message: ProtobufCMessage>(
        _ type: Message.Type,
        from bytes: UnsafeRawBufferPointer
    ) throws(WireCodecError) -> Message {
        try withUnpacked(type, from: bytes) { c in Message(c: c.pointee) }
    }

    /// Runs `body` on the struct protobuf-c unpacked from `bytes`, then frees it.
    static func withUnpacked<Message: ProtobufCMessage, Value>(
        _ type: Message.Type,
        from bytes: UnsafeRawBufferPointer,
        _ body: (UnsafeMutablePointer<Message.CStruct>) -> Value
    ) throws(WireCodecError) -> Value {
        let unpacked: UnsafeMutablePointer<Message.CStruct>?
        if let base = bytes.baseAddress, !bytes.isEmpty {
            unpacked = Message.unpack(base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        } else {
            // protobuf-c reads nothing from an empty buffer but needs a valid pointer.
            var empty: UInt8 = 0
            unpacked = Message.unpack(&empty, count: 0)
        }
        guard let unpacked else {
            throw .malformedMessage(message: Message.protobufName, byteCount: bytes.count)
        }
        defer { Message.freeUnpacked(unpacked) }
        return body(unpacked)
    }

    private static func pack<Message: ProtobufCMessage>(
        _ c: inout Message.CStruct,
        as type: Message.Type
    ) throws(WireCodecError) -> [UInt8] {
        let size = Message.packedSize(&c)
        guard size > 0 else { return [] }
        var written = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            written = Message.pack(&c, into: base)
            initialized = min(written, size)
        }
        guard written == size else {
            throw .packedSizeMismatch(message: Message.protobufName, expectedBytes: size, writtenBytes: written)
        }
        return bytes
    }
}
