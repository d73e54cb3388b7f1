import AllotWireC

extension Wire.ClientFrame {
    /// Decodes a client frame and also returns the numbers of the fields this
    /// version of the protocol does not know, so that a server can name a
    /// request it does not implement instead of reporting a frame without one.
    public static func decodeReportingUnknownFields(
        _ bytes: UnsafeRawBufferPointer
    ) throws(WireCodecError) -> (frame: Wire.ClientFrame, unknownFieldNumbers: [UInt32]) {
        try ProtobufCCodec.withUnpacked(Wire.ClientFrame.self, from: bytes) { unpacked in
            copyReportingUnknownFields(unpacked.pointee)
        }
    }

    /// Decodes a client frame like ``decodeReportingUnknownFields(_:)``, with protobuf-c's
    /// allocations taken from `arena` instead of malloc.
    public static func decodeReportingUnknownFields(
        _ bytes: UnsafeRawBufferPointer, arena: UnpackArena
    ) throws(WireCodecError) -> (frame: Wire.ClientFrame, unknownFieldNumbers: [UInt32]) {
        try arena.withAllocator { allocator throws(WireCodecError) in
            // protobuf-c reads nothing from an empty buffer but needs a valid pointer.
            var empty: UInt8 = 0
            let unpacked: UnsafeMutablePointer<CStruct>?
            if let base = bytes.baseAddress, !bytes.isEmpty {
                unpacked = allot__v1__client_frame__unpack(allocator, bytes.count, base.assumingMemoryBound(to: UInt8.self))
            } else {
                unpacked = allot__v1__client_frame__unpack(allocator, 0, &empty)
            }
            guard let unpacked else {
                throw .malformedMessage(message: protobufName, byteCount: bytes.count)
            }
            // The arena's block needs no freeing, so the message is walked only when some
            // of it went to malloc.
            defer {
                if arena.mallocCount > 0 { allot__v1__client_frame__free_unpacked(unpacked, allocator) }
            }
            return copyReportingUnknownFields(unpacked.pointee)
        }
    }

    /// Returns "Message.field" of the first string field of an encoded client
    /// frame that contains a NUL byte, or nil when none does. Decoding keeps
    /// such a string only up to the NUL, so a caller rejects the frame
    /// instead of acting on the shortened value. `bytes` must decode.
    ///
    /// - Complexity: O(n) in the length of `bytes`; one `memchr` when the
    ///   payload contains no zero byte.
    public static func stringFieldContainingNUL(in bytes: UnsafeRawBufferPointer) -> String? {
        withUnsafePointer(to: allot__v1__client_frame__descriptor) { descriptor in
            EmbeddedNULScan.firstField(in: bytes, descriptor: descriptor)
        }
    }

    private static func copyReportingUnknownFields(_ c: CStruct) -> (frame: Wire.ClientFrame, unknownFieldNumbers: [UInt32]) {
        let unknown = ProtobufCFields.array(Int(c.base.n_unknown_fields), c.base.unknown_fields) { $0.tag }
        return (Wire.ClientFrame(c: c), unknown)
    }
}
