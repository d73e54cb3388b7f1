/// Incremental frame decoder: takes bytes in chunks of any size, as they
/// arrive from a socket, and yields complete frames.
///
/// The header is checked as soon as its 5 bytes are in: a length over the
/// limit or a reserved flag fails before any of the payload is buffered.
/// After an error the decoder stays failed, because a byte stream cannot be
/// resynchronised once a frame boundary is lost.
public struct FrameDecoder: Sendable {
    /// Largest payload accepted, in bytes, before and after decompression.
    public let maximumFrameBytes: Int

    private var buffer: [UInt8] = []
    private var readIndex = 0
    private var failure: FrameError?

    /// Creates a decoder that accepts payloads of up to `maximumFrameBytes`.
    public init(maximumFrameBytes: Int = WireLimits.defaultMaximumFrameBytes) {
        precondition(
            maximumFrameBytes >= 0 && maximumFrameBytes <= WireLimits.maximumConfigurableFrameBytes,
            "maximumFrameBytes \(maximumFrameBytes) is outside 0...\(WireLimits.maximumConfigurableFrameBytes)"
        )
        self.maximumFrameBytes = maximumFrameBytes
    }

    /// Bytes received and not yet returned as frames.
    public var bufferedBytes: Int { buffer.count - readIndex }

    /// Appends received bytes.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: bytes)
    }

    /// Appends received bytes.
    public mutating func append(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
    }

    /// Returns the next complete frame, or nil when more bytes are needed.
    ///
    /// - Complexity: O(payload length), plus the inflation of a compressed
    ///   payload, which is bounded by `maximumFrameBytes`.
    public mutating func nextFrame() throws(FrameError) -> Frame? {
        if let failure { throw failure }
        guard bufferedBytes >= FrameFormat.headerBytes else { return nil }

        let flags = buffer[readIndex]
        let length = readLength(at: readIndex + 1)
        if flags & FrameFormat.reservedFlagsMask != 0 {
            return try fail(.reservedFlagsSet(flags: flags))
        }
        if length > UInt64(maximumFrameBytes) {
            return try fail(.lengthOverLimit(lengthBytes: length, limitBytes: maximumFrameBytes))
        }
        let frameBytes = FrameFormat.headerBytes + Int(length)
        guard bufferedBytes >= frameBytes else { return nil }

        let payloadStart = readIndex + FrameFormat.headerBytes
        let payload = Array(buffer[payloadStart..<(payloadStart + Int(length))])
        readIndex += frameBytes
        compact()

        guard flags & FrameFormat.compressedFlag != 0 else {
            return Frame(payload: payload, wasCompressed: false)
        }
        do {
            let inflated = try Zlib.decompress(payload, maximumOutputBytes: maximumFrameBytes)
            return Frame(payload: inflated, wasCompressed: true)
        } catch .outputOverLimit {
            return try fail(.decompressedSizeOverLimit(limitBytes: maximumFrameBytes))
        } catch {
            return try fail(.invalidCompressedData(reason: error.description))
        }
    }

    private mutating func fail(_ error: FrameError) throws(FrameError) -> Frame? {
        failure = error
        buffer = []
        readIndex = 0
        throw error
    }

    private func readLength(at index: Int) -> UInt64 {
        var length: UInt64 = 0
        for offset in 0..<4 {
            length = length << 8 | UInt64(buffer[index + offset])
        }
        return length
    }

    /// Drops consumed bytes once they are at least half the buffer, so that
    /// compaction costs O(1) amortised per byte.
    private mutating func compact() {
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= Self.retainedCapacityBytes)
            readIndex = 0
        } else if readIndex >= buffer.count / 2 {
            buffer.removeSubrange(0..<readIndex)
            readIndex = 0
        }
    }

    /// Largest buffer capacity kept once the buffer is empty; a connection
    /// that once received a large frame does not hold its memory forever.
    static let retainedCapacityBytes = 256 << 10
}
