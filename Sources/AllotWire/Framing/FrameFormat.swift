/// The frame layout shared by both directions: 1 byte of flags, a 4-byte
/// big-endian payload length, then the payload.
public enum FrameFormat {
    /// Bytes before the payload: flags and length.
    public static let headerBytes = 5

    /// Flag bit 0: the payload is compressed with zlib (RFC 1950 format).
    public static let compressedFlag: UInt8 = 0x01

    /// Flag bits that must be zero in this version of the protocol.
    public static let reservedFlagsMask: UInt8 = 0xFE

    /// Writes a frame header for a payload of `payloadBytes` bytes.
    static func appendHeader(flags: UInt8, payloadBytes: Int, to output: inout [UInt8]) {
        precondition(payloadBytes >= 0 && payloadBytes <= Int(UInt32.max), "payload length \(payloadBytes) does not fit the 32-bit length field")
        let length = UInt32(payloadBytes)
        output.append(flags)
        output.append(UInt8(truncatingIfNeeded: length >> 24))
        output.append(UInt8(truncatingIfNeeded: length >> 16))
        output.append(UInt8(truncatingIfNeeded: length >> 8))
        output.append(UInt8(truncatingIfNeeded: length))
    }
}

/// One decoded frame.
public struct Frame: Sendable, Equatable {
    /// The payload, decompressed when the frame was compressed.
    public var payload: [UInt8]
    /// True when the payload travelled compressed.
    public var wasCompressed: Bool

    /// Creates a frame from its payload.
    public init(payload: [UInt8], wasCompressed: Bool = false) {
        self.payload = payload
        self.wasCompressed = wasCompressed
    }
}
