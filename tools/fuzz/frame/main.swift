// libFuzzer target for the frame decoder and the ClientFrame codec.
//
// The first input byte picks the chunk size. The rest of the input goes to
// a FrameDecoder in chunks of that size, the way bytes arrive from a socket.
// Three properties must hold. Decoding the same bytes in one piece gives the
// same frames and the same error. No frame exceeds the limit. Every payload
// that protobuf-c accepts as a ClientFrame survives an encode and decode
// round trip unchanged. Any disagreement traps, which libFuzzer reports as
// a crash.
//
// It is compiled in one module with Sources/AllotWire (no import), by
// tools/fuzz/frame/build.

/// Frame limit of the fuzzed decoder: small, so that inputs reach it.
let fuzzFrameLimitBytes = 4_096

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard size > 0, let data else { return 0 }
    let input = UnsafeBufferPointer(start: data, count: size)
    let chunkBytes = Int(input[0]) + 1
    let stream = Array(input.dropFirst())

    let chunked = decode(stream, chunkBytes: chunkBytes)
    let whole = decode(stream, chunkBytes: max(1, stream.count))
    if chunked.frames != whole.frames || chunked.error != whole.error {
        fatalError("chunks of \(chunkBytes) bytes decode differently: \(chunked) versus \(whole)")
    }
    for frame in chunked.frames {
        if frame.payload.count > fuzzFrameLimitBytes {
            fatalError("frame of \(frame.payload.count) bytes passed the limit of \(fuzzFrameLimitBytes)")
        }
        checkClientFrameRoundTrip(frame.payload)
    }
    return 0
}

/// Feeds `stream` to a decoder in chunks and returns the frames and the
/// error that ended the stream, if any.
func decode(_ stream: [UInt8], chunkBytes: Int) -> (frames: [Frame], error: FrameError?) {
    var decoder = FrameDecoder(maximumFrameBytes: fuzzFrameLimitBytes)
    var frames: [Frame] = []
    var offset = 0
    while offset < stream.count {
        let end = min(stream.count, offset + chunkBytes)
        decoder.append(Array(stream[offset..<end]))
        offset = end
        do {
            while let frame = try decoder.nextFrame() {
                frames.append(frame)
            }
        } catch {
            return (frames, error)
        }
    }
    return (frames, nil)
}

/// Decodes `payload` as a ClientFrame; when protobuf-c accepts it, the value
/// must encode and decode back to itself.
func checkClientFrameRoundTrip(_ payload: [UInt8]) {
    guard let decoded = try? Wire.ClientFrame(serializedBytes: payload) else { return }
    let encoded: [UInt8]
    do {
        encoded = try decoded.serializedBytes()
    } catch {
        fatalError("a decoded ClientFrame failed to encode: \(error)")
    }
    guard let again = try? Wire.ClientFrame(serializedBytes: encoded) else {
        fatalError("protobuf-c rejected its own encoding of \(decoded)")
    }
    if again != decoded {
        fatalError("round trip changed \(decoded) into \(again)")
    }
}
