import CZlib

/// Checked one-shot compression and bounded decompression in the zlib format
/// (RFC 1950), the format of compressed frames. Every zlib return value is
/// checked and a failure throws a `ZlibError` that names the call.
public enum Zlib {
    /// Compresses `input` at zlib's default level, with a window no larger
    /// than the input needs.
    ///
    /// zlib's default window and hash table take 256 KiB, which it
    /// allocates and clears for every stream. For frames of a few kilobytes
    /// that cost more than the compression itself: a profile of the server
    /// showed glibc handing the memory back and faulting it in again for
    /// every frame. A window that covers the whole input finds the same
    /// matches, and any zlib reader accepts a smaller window.
    public static func compress(_ input: [UInt8]) throws(ZlibError) -> [UInt8] {
        let (windowBits, memoryLevel) = streamSize(forInputBytes: input.count)
        var stream = z_stream()
        try check("deflateInit2_", deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, windowBits, memoryLevel,
                                                 Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)), stream)
        defer { deflateEnd(&stream) }

        let bound = Int(deflateBound(&stream, uLong(input.count)))
        var output = [UInt8](repeating: 0, count: bound)
        let result: Int32 = input.withUnsafeBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                stream.next_in = UnsafeMutablePointer(mutating: inputBuffer.baseAddress)
                stream.avail_in = uInt(inputBuffer.count)
                stream.next_out = outputBuffer.baseAddress
                stream.avail_out = uInt(outputBuffer.count)
                let code = deflate(&stream, Z_FINISH)
                stream.next_in = nil
                stream.next_out = nil
                return code
            }
        }
        // With an output buffer of deflateBound bytes, one Z_FINISH call must end the stream.
        guard result == Z_STREAM_END else {
            throw .callFailed(call: "deflate", code: result, message: errorMessage(stream))
        }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }

    /// Returns the window size (as a power of two, 9 to 15) that covers
    /// `count` bytes, and a hash table level to match, from 1 to zlib's
    /// default 8.
    static func streamSize(forInputBytes count: Int) -> (windowBits: Int32, memoryLevel: Int32) {
        var windowBits: Int32 = 9
        while windowBits < 15 && (1 << windowBits) < count { windowBits += 1 }
        return (windowBits, max(1, windowBits - 7))
    }

    /// Decompresses `input`, throwing as soon as the output would exceed
    /// `maximumOutputBytes`, so a small input cannot make it allocate more.
    public static func decompress(_ input: [UInt8], maximumOutputBytes: Int) throws(ZlibError) -> [UInt8] {
        precondition(maximumOutputBytes >= 0, "maximumOutputBytes \(maximumOutputBytes) is negative")
        var stream = z_stream()
        try check("inflateInit_", inflateInit_(&stream, zlibVersion(), Int32(MemoryLayout<z_stream>.size)), stream)
        defer { inflateEnd(&stream) }

        var output: [UInt8] = []
        var step = [UInt8](repeating: 0, count: WireLimits.inflateStepBytes)
        // Each pass consumes input or produces output; the output limit and
        // the input length bound the number of passes.
        while true {
            let (code, produced) = inflateStep(&stream, input: input, step: &step)
            guard output.count + produced <= maximumOutputBytes else {
                throw .outputOverLimit(limitBytes: maximumOutputBytes)
            }
            output.append(contentsOf: step[0..<produced])
            switch code {
            case Z_STREAM_END:
                let unread = input.count - Int(stream.total_in)
                guard unread == 0 else { throw .trailingBytes(count: unread) }
                return output
            case Z_OK:
                continue
            case Z_BUF_ERROR where Int(stream.total_in) == input.count:
                throw .truncatedInput
            default:
                throw .callFailed(call: "inflate", code: code, message: errorMessage(stream))
            }
        }
    }

    /// Runs one inflate call from the input position the stream has reached
    /// into `step`, and returns zlib's code and the bytes produced.
    private static func inflateStep(_ stream: inout z_stream, input: [UInt8], step: inout [UInt8]) -> (Int32, Int) {
        let consumed = Int(stream.total_in)
        return input.withUnsafeBufferPointer { inputBuffer in
            step.withUnsafeMutableBufferPointer { stepBuffer in
                stream.next_in = UnsafeMutablePointer(mutating: inputBuffer.baseAddress.map { $0 + consumed })
                stream.avail_in = uInt(inputBuffer.count - consumed)
                stream.next_out = stepBuffer.baseAddress
                stream.avail_out = uInt(stepBuffer.count)
                let code = inflate(&stream, Z_NO_FLUSH)
                let produced = stepBuffer.count - Int(stream.avail_out)
                stream.next_in = nil
                stream.next_out = nil
                return (code, produced)
            }
        }
    }

    private static func check(_ call: String, _ code: Int32, _ stream: z_stream) throws(ZlibError) {
        guard code == Z_OK else {
            throw .callFailed(call: call, code: code, message: errorMessage(stream))
        }
    }

    private static func errorMessage(_ stream: z_stream) -> String {
        stream.msg.map { String(cString: $0) } ?? ""
    }
}
