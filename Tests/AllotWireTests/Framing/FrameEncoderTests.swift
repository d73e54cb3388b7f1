import AllotWire
import Testing

@Suite struct FrameEncoderTests {
    let longPayload = Array(String(repeating: "task ", count: 1_000).utf8)

    @Test func writesHeaderAndPayload() throws {
        var output: [UInt8] = [42]
        try FrameEncoder().appendFrame(payload: [1, 2, 3], to: &output)
        #expect(output == [42, 0, 0, 0, 0, 3, 1, 2, 3])
    }

    @Test func doesNotCompressUnlessAllowed() throws {
        var output: [UInt8] = []
        try FrameEncoder(compressionAllowed: false).appendFrame(payload: longPayload, to: &output)
        #expect(output[0] == 0)
        #expect(output.count == FrameFormat.headerBytes + longPayload.count)
    }

    @Test func compressesLongPayloadWhenAllowed() throws {
        var output: [UInt8] = []
        try FrameEncoder(compressionAllowed: true).appendFrame(payload: longPayload, to: &output)
        #expect(output[0] == FrameFormat.compressedFlag)
        #expect(output.count < longPayload.count)
        var decoder = FrameDecoder()
        decoder.append(output)
        #expect(try decoder.nextFrame() == Frame(payload: longPayload, wasCompressed: true))
    }

    @Test func doesNotCompressAtThreshold() throws {
        let payload = [UInt8](repeating: 0, count: WireLimits.compressionThresholdBytes)
        var output: [UInt8] = []
        try FrameEncoder(compressionAllowed: true).appendFrame(payload: payload, to: &output)
        #expect(output[0] == 0)
    }

    @Test func keepsPayloadThatDoesNotShrink() throws {
        var generator = SeededGenerator(seed: 7)
        let noise = (0..<4_096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        var output: [UInt8] = []
        try FrameEncoder(compressionAllowed: true).appendFrame(payload: noise, to: &output)
        #expect(output[0] == 0)
        #expect(Array(output.dropFirst(FrameFormat.headerBytes)) == noise)
    }

    @Test func payloadOverLimitThrowsAndLeavesOutput() {
        var output: [UInt8] = [1]
        #expect(throws: FrameError.lengthOverLimit(lengthBytes: 11, limitBytes: 10)) {
            try FrameEncoder(maximumFrameBytes: 10).appendFrame(payload: [UInt8](repeating: 0, count: 11), to: &output)
        }
        #expect(output == [1])
    }
}

/// A small deterministic generator (SplitMix64) so that random inputs repeat.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
