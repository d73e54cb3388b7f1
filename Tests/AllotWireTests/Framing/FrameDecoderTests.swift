import AllotWire
import Testing

/// Builds raw frame bytes by hand, independently of FrameEncoder.
func rawFrame(flags: UInt8 = 0, length: UInt32? = nil, payload: [UInt8]) -> [UInt8] {
    let size = length ?? UInt32(payload.count)
    return [flags, UInt8(size >> 24), UInt8((size >> 16) & 0xFF), UInt8((size >> 8) & 0xFF), UInt8(size & 0xFF)] + payload
}

@Suite struct FrameDecoderTests {
    @Test func zeroLengthFrameDecodes() throws {
        var decoder = FrameDecoder(maximumFrameBytes: 16)
        decoder.append(rawFrame(payload: []))
        #expect(try decoder.nextFrame() == Frame(payload: []))
        #expect(try decoder.nextFrame() == nil)
        #expect(decoder.bufferedBytes == 0)
    }

    @Test func frameAtMaximumDecodes() throws {
        let payload = [UInt8](repeating: 7, count: 1_000)
        var decoder = FrameDecoder(maximumFrameBytes: 1_000)
        decoder.append(rawFrame(payload: payload))
        #expect(try decoder.nextFrame()?.payload == payload)
    }

    @Test func frameAtDefaultMaximumDecodes() throws {
        let payload = [UInt8](repeating: 1, count: WireLimits.defaultMaximumFrameBytes)
        var decoder = FrameDecoder()
        decoder.append(rawFrame(payload: payload))
        #expect(try decoder.nextFrame()?.payload.count == WireLimits.defaultMaximumFrameBytes)
    }

    @Test func lengthOneOverMaximumFailsFromHeaderAlone() {
        var decoder = FrameDecoder(maximumFrameBytes: 1_000)
        decoder.append(rawFrame(length: 1_001, payload: []))
        #expect(throws: FrameError.lengthOverLimit(lengthBytes: 1_001, limitBytes: 1_000)) {
            try decoder.nextFrame()
        }
    }

    @Test func largestLengthFieldFails() {
        // 0xFFFFFFFF would read as -1 in a signed 32-bit view.
        var decoder = FrameDecoder()
        decoder.append(rawFrame(length: UInt32.max, payload: []))
        #expect(throws: FrameError.lengthOverLimit(lengthBytes: UInt64(UInt32.max), limitBytes: WireLimits.defaultMaximumFrameBytes)) {
            try decoder.nextFrame()
        }
    }

    @Test func decoderStaysFailedAfterError() {
        var decoder = FrameDecoder(maximumFrameBytes: 10)
        decoder.append(rawFrame(length: 11, payload: []))
        #expect(throws: FrameError.self) { try decoder.nextFrame() }
        decoder.append(rawFrame(payload: [1]))
        #expect(throws: FrameError.lengthOverLimit(lengthBytes: 11, limitBytes: 10)) {
            try decoder.nextFrame()
        }
    }

    @Test func truncatedHeaderWaits() throws {
        var decoder = FrameDecoder()
        decoder.append([0, 0, 0, 0])
        #expect(try decoder.nextFrame() == nil)
        #expect(decoder.bufferedBytes == 4)
    }

    @Test func truncatedPayloadWaitsThenCompletes() throws {
        var decoder = FrameDecoder()
        let bytes = rawFrame(payload: [1, 2, 3, 4])
        decoder.append(Array(bytes.prefix(7)))
        #expect(try decoder.nextFrame() == nil)
        decoder.append(Array(bytes.dropFirst(7)))
        #expect(try decoder.nextFrame()?.payload == [1, 2, 3, 4])
    }

    @Test func framesSplitByteByByteDecodeInOrder() throws {
        let payloads: [[UInt8]] = [[], [9], Array(0..<200), [1, 2, 3]]
        let stream = payloads.flatMap { rawFrame(payload: $0) }
        var decoder = FrameDecoder()
        var decoded: [[UInt8]] = []
        for byte in stream {
            decoder.append([byte])
            while let frame = try decoder.nextFrame() {
                decoded.append(frame.payload)
            }
        }
        #expect(decoded == payloads)
        #expect(decoder.bufferedBytes == 0)
    }

    @Test func framesInOneChunkDecodeInOrder() throws {
        let payloads: [[UInt8]] = (0..<50).map { [UInt8](repeating: UInt8($0), count: $0) }
        var decoder = FrameDecoder()
        decoder.append(payloads.flatMap { rawFrame(payload: $0) })
        var decoded: [[UInt8]] = []
        while let frame = try decoder.nextFrame() {
            decoded.append(frame.payload)
        }
        #expect(decoded == payloads)
    }

    @Test func reservedFlagBitsFail() {
        var decoder = FrameDecoder()
        decoder.append(rawFrame(flags: 0x02, payload: [1]))
        #expect(throws: FrameError.reservedFlagsSet(flags: 0x02)) {
            try decoder.nextFrame()
        }
    }

    @Test func compressedFrameDecodes() throws {
        let payload = Array(String(repeating: "compressible ", count: 300).utf8)
        var decoder = FrameDecoder()
        decoder.append(rawFrame(flags: FrameFormat.compressedFlag, payload: try Zlib.compress(payload)))
        let frame = try decoder.nextFrame()
        #expect(frame == Frame(payload: payload, wasCompressed: true))
    }

    @Test func badZlibDataFails() {
        var decoder = FrameDecoder()
        decoder.append(rawFrame(flags: FrameFormat.compressedFlag, payload: [0x78, 0x9C, 0xFF, 0xFF, 0xFF]))
        #expect {
            try decoder.nextFrame()
        } throws: { error in
            guard case .invalidCompressedData = error as? FrameError else { return false }
            return true
        }
    }

    @Test func inflationPastLimitFails() throws {
        let zeros = [UInt8](repeating: 0, count: 2_000)
        var decoder = FrameDecoder(maximumFrameBytes: 1_000)
        decoder.append(rawFrame(flags: FrameFormat.compressedFlag, payload: try Zlib.compress(zeros)))
        #expect(throws: FrameError.decompressedSizeOverLimit(limitBytes: 1_000)) {
            try decoder.nextFrame()
        }
    }
}
