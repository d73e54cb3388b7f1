import CZlib

/// Compresses byte buffers into complete zlib streams (RFC 1950) through a bounded output buffer.
final class ZlibDeflater {
    private let stream = ZlibStream()
    private var output: [UInt8]

    /// Prepares a compressor at zlib `level` (0 to 9) that hands out at most `chunkBytes` at a time.
    init(level: Int32, chunkBytes: Int) throws(ZlibError) {
        precondition((0...9).contains(level), "zlib level \(level) outside 0 ... 9")
        output = [UInt8](repeating: 0, count: chunkBytes)
        let code = deflateInit_(stream.pointer, level, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard code == Z_OK else { throw stream.error("deflateInit", code) }
    }

    deinit {
        // deflateEnd returns Z_DATA_ERROR for a stream left unfinished by an error the caller
        // already handles, and Z_STREAM_ERROR when init threw. It frees the memory either way.
        _ = deflateEnd(stream.pointer)
    }

    /// Compresses all of `input` as one zlib stream and passes the compressed bytes to `sink`
    /// in pieces of at most `chunkBytes`.
    func compress(_ input: UnsafeRawBufferPointer, sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        try startStream()
        try compress(part: input, finish: true, sink: sink)
    }

    /// Starts a new zlib stream, for ``compress(part:finish:sink:)``.
    func startStream() throws {
        let code = deflateReset(stream.pointer)
        guard code == Z_OK else { throw stream.error("deflateReset", code) }
    }

    /// Compresses `input` as the next part of the stream that ``startStream()`` started, and
    /// passes the compressed bytes to `sink`. With `finish`, the part is the last one and the
    /// stream ends.
    func compress(part input: UnsafeRawBufferPointer, finish: Bool,
                  sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        // avail_in is 32 bits wide, so larger inputs go in slices.
        let sliceBytes = Int(UInt32.max)
        var offset = 0
        var finished = false
        repeat {
            let slice = min(input.count - offset, sliceBytes)
            let base = input.baseAddress.map { UnsafeMutableRawPointer(mutating: $0 + offset) }
            stream.pointer.pointee.next_in = base?.assumingMemoryBound(to: Bytef.self)
            stream.pointer.pointee.avail_in = uInt(slice)
            offset += slice
            let flush = finish && offset == input.count ? Z_FINISH : Z_NO_FLUSH
            finished = try drain(flush: flush, sink: sink)
        } while offset < input.count || (finish && !finished)
    }

    /// Runs deflate until it wants more input, passing output on; returns whether the stream ended.
    private func drain(flush: Int32, sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Bool {
        while true {
            let (code, produced) = output.withUnsafeMutableBytes { buffer in
                stream.pointer.pointee.next_out = buffer.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.pointer.pointee.avail_out = uInt(buffer.count)
                let code = deflate(stream.pointer, flush)
                return (code, buffer.count - Int(stream.pointer.pointee.avail_out))
            }
            // Z_BUF_ERROR only means no progress was possible without more input or output.
            guard code == Z_OK || code == Z_STREAM_END || code == Z_BUF_ERROR else {
                throw stream.error("deflate", code)
            }
            if produced > 0 {
                try output.withUnsafeBytes { try sink(UnsafeRawBufferPointer(rebasing: $0[..<produced])) }
            }
            if code == Z_STREAM_END { return true }
            if stream.pointer.pointee.avail_out != 0 { return false }
        }
    }
}
