import CZlib

/// Decompresses zlib streams (RFC 1950) piece by piece.
final class ZlibInflater {
    private let stream = ZlibStream()

    init() throws(ZlibError) {
        let code = inflateInit_(stream.pointer, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard code == Z_OK else { throw stream.error("inflateInit", code) }
    }

    deinit {
        // inflateEnd returns Z_STREAM_ERROR, and changes nothing, for a stream that
        // inflateInit did not set up; that happens only when init threw.
        _ = inflateEnd(stream.pointer)
    }

    /// Starts a new stream.
    func reset() throws(ZlibError) {
        let code = inflateReset(stream.pointer)
        guard code == Z_OK else { throw stream.error("inflateReset", code) }
    }

    /// One step of decompression.
    struct Step {
        var consumedBytes: Int
        var producedBytes: Int
        /// Whether the stream's end, with its Adler-32 check passed, was reached.
        var streamEnded: Bool
    }

    /// Decompresses from `input` into `output` until one of them runs out or the stream ends.
    ///
    /// - Throws: ``ZlibError`` with `Z_DATA_ERROR` for damaged input, including a failed
    ///   Adler-32 check at the end of the stream.
    func inflate(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws(ZlibError) -> Step
    {
        precondition(input.count <= UInt32.max && output.count <= UInt32.max, "inflate buffers over 4 GiB")
        let z = stream.pointer
        z.pointee.next_in = input.baseAddress.map {
            UnsafeMutableRawPointer(mutating: $0).assumingMemoryBound(to: Bytef.self)
        }
        z.pointee.avail_in = uInt(input.count)
        z.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        z.pointee.avail_out = uInt(output.count)
        let code = CZlib.inflate(z, Z_NO_FLUSH)
        switch code {
        case Z_OK, Z_STREAM_END, Z_BUF_ERROR:
            // Z_BUF_ERROR only means no progress was possible with these buffers.
            return Step(
                consumedBytes: input.count - Int(z.pointee.avail_in),
                producedBytes: output.count - Int(z.pointee.avail_out),
                streamEnded: code == Z_STREAM_END)
        case Z_NEED_DICT:
            // Our streams never use a preset dictionary, so asking for one means damage.
            throw ZlibError(function: "inflate", code: Z_DATA_ERROR, message: "stream asks for a preset dictionary")
        default:
            throw stream.error("inflate", code)
        }
    }
}
