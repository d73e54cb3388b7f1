/// Appends frames to an output buffer, compressing payloads when the peer
/// accepts compression and the payload is long enough to gain from it.
public struct FrameEncoder: Sendable {
    /// Largest payload written, in bytes, after compression.
    public var maximumFrameBytes: Int
    /// True once the peer has declared that it accepts compressed frames.
    public var compressionAllowed: Bool
    /// Payloads longer than this are compressed when allowed.
    public var compressionThresholdBytes: Int

    /// Creates an encoder; compression is off until the peer allows it.
    public init(
        maximumFrameBytes: Int = WireLimits.defaultMaximumFrameBytes,
        compressionAllowed: Bool = false,
        compressionThresholdBytes: Int = WireLimits.compressionThresholdBytes
    ) {
        self.maximumFrameBytes = maximumFrameBytes
        self.compressionAllowed = compressionAllowed
        self.compressionThresholdBytes = compressionThresholdBytes
    }

    /// Appends one frame holding `payload` to `output`. Throws
    /// `lengthOverLimit` without touching `output` when the payload, after
    /// any compression, exceeds `maximumFrameBytes`.
    public func appendFrame(payload: [UInt8], to output: inout [UInt8]) throws(FrameError) {
        var flags: UInt8 = 0
        var body = payload
        // A compression failure (zlib out of memory) falls back to sending the
        // payload as it is, which the peer reads all the same.
        if compressionAllowed && payload.count > compressionThresholdBytes,
           let compressed = try? Zlib.compress(payload), compressed.count < payload.count {
            flags |= FrameFormat.compressedFlag
            body = compressed
        }
        guard body.count <= maximumFrameBytes else {
            throw .lengthOverLimit(lengthBytes: UInt64(body.count), limitBytes: maximumFrameBytes)
        }
        // Reserving exactly what is needed would reallocate on every frame appended to a
        // long-lived buffer, so the capacity at least doubles when it must grow.
        let neededBytes = output.count + FrameFormat.headerBytes + body.count
        if output.capacity < neededBytes {
            output.reserveCapacity(max(neededBytes, 2 * output.capacity))
        }
        FrameFormat.appendHeader(flags: flags, payloadBytes: body.count, to: &output)
        output.append(contentsOf: body)
    }
}
