extension Wire.ClientFrame {
    /// Decodes a client frame and also returns the numbers of the fields this
    /// version of the protocol does not know, so that a server can name a
    /// request it does not implement instead of reporting a frame without one.
    public static func decodeReportingUnknownFields(
        _ bytes: UnsafeRawBufferPointer
    ) throws(WireCodecError) -> (frame: Wire.ClientFrame, unknownFieldNumbers: [UInt32]) {
        try ProtobufCCodec.withUnpacked(Wire.ClientFrame.self, from: bytes) { unpacked in
            let c = unpacked.pointee
            let unknown = ProtobufCFields.array(Int(c.base.n_unknown_fields), c.base.unknown_fields) { $0.tag }
            return (Wire.ClientFrame(c: c), unknown)
        }
    }
}
