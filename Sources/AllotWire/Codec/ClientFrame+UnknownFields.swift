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

    /// Returns the error for the first string field of an encoded client
    /// frame that contains a NUL byte or is not valid UTF-8, or nil when none
    /// is. Decoding keeps such a string only up to the NUL, or with U+FFFD in
    /// place of the bad bytes, so a caller rejects the frame instead of acting
    /// on a changed value. `bytes` must decode.
    ///
    /// - Complexity: O(n) in the length of `bytes`. A payload with no zero
    ///   byte and no byte above 0x7F takes one pass, without walking the fields.
    public static func stringFieldFault(in bytes: UnsafeRawBufferPointer) -> WireCodecError? {
        withUnsafePointer(to: allot__v1__client_frame__descriptor) { descriptor in
            StringFieldScan.firstFault(in: bytes, descriptor: descriptor)
        }
    }

    /// Returns "Message.field" and the length in bytes of the longest string
    /// field of an encoded client frame, or nil when it has none: the field
    /// to name when a request is too large to keep.
    ///
    /// - Complexity: O(f) in the number of fields of `bytes`.
    public static func longestStringField(in bytes: UnsafeRawBufferPointer) -> (field: String, byteCount: Int)? {
        withUnsafePointer(to: allot__v1__client_frame__descriptor) { descriptor in
            StringFieldScan.longestString(in: bytes, descriptor: descriptor)
        }
    }

    private static func copyReportingUnknownFields(_ c: CStruct) -> (frame: Wire.ClientFrame, unknownFieldNumbers: [UInt32]) {
        let unknown = ProtobufCFields.array(Int(c.base.n_unknown_fields), c.base.unknown_fields) { $0.tag }
        return (Wire.ClientFrame(c: c), unknown)
    }
}
